import type { Connection } from './connection-cache.js';
import type { LogHost } from './log-hosts.js';
import {
  cannotStartTls,
  connectFailure,
  lostGreeting,
  sslConnectError,
  tlsLibraryProblem,
  tlsproxyConnect,
  tlsSummary,
  verifyFailure,
} from './postfix-lines.js';
import type { Random } from './random.js';
import type { ScriptLine } from './timeline.js';
import { certificateView, type Trust } from './tls-behaviour.js';
import { tlsFragment, type SessionEvidence } from './truth.js';
import type { Destination, MxHost } from './world.js';

/** A new connection as far as the log shows it: the lines before any delivery line. */
export interface Opening {
  connection: Connection;
  /** Seconds from the request's start to the end of the handshake. */
  setupSeconds: number;
  /** The policy refused the server, or the handshake failed: no mail on this connection. */
  refused: 'policy' | 'handshake' | null;
  /** May go to the connection cache after use. */
  cacheable: boolean;
}

/**
 * Connects to the destination's preferred MX as the smtp process at `prefix` would, with the
 * occasional unreachable address first, and logs the STARTTLS outcome. A first attempt at a
 * server whose handshake fails is deferred; a later attempt falls back to plaintext.
 */
export function openConnection(
  r: Random,
  host: LogHost,
  prefix: string,
  queueId: string,
  destination: Destination,
  start: number,
  attempt: number,
  lines: ScriptLine[],
): Opening {
  let t = start;
  const groups = destination.mx;
  const primary = groups[0] ?? [];
  let mx = r.pick(primary);
  let ip = r.pick(mx.ips);

  const addresses = groups.reduce((n, group) => n + group.reduce((m, h) => m + h.ips.length, 0), 0);
  if (addresses > 1 && r.chance(mx.timeoutRate)) {
    // The first address did not answer; Postfix moves on to another address or MX host.
    const failedRelay = `${mx.name}[${ip}]:25`;
    const ipv6 = ip.includes(':');
    if (!ipv6 && r.chance(0.2)) {
      lines.push(line(t + r.between(1, 20), prefix + lostGreeting(queueId, mx.name, ip)));
      t += 20 + r.float() * 10;
    } else {
      t += ipv6 ? 0.01 : 30;
      lines.push(line(t, prefix + connectFailure(failedRelay, ipv6)));
    }
    const fallback = alternative(r, mx, ip, groups);
    mx = fallback.mx;
    ip = fallback.ip;
  }

  const relay = `${mx.name}[${ip}]:25`;
  const tls = mx.tls;
  let setup = t - start + 0.04 + r.float() * 0.3;
  const stamp = (): number => start + setup;

  const open = (
    evidence: SessionEvidence,
    summary: Connection['summary'],
    feature: string,
  ): Connection => ({
    mx,
    ip,
    relay,
    evidence,
    truth: tlsFragment(evidence),
    summary,
    feature,
    uses: 1,
    openedAt: start,
    freeAt: start,
  });

  switch (tls.kind) {
    case 'no-starttls': {
      const evidence: SessionEvidence = { kind: 'clear', evidence: 'no-tls-line' };
      return { connection: open(evidence, null, 'may:none'), setupSeconds: setup, refused: null, cacheable: true };
    }
    case 'handshake-failure': {
      setup += 0.05 + r.float() * 0.4;
      if (tls.libraryError) lines.push(line(stamp(), prefix + tlsLibraryProblem(tls.libraryError)));
      lines.push(line(stamp(), prefix + sslConnectError(relay)));
      lines.push(line(stamp(), prefix + cannotStartTls(queueId)));
      const evidence: SessionEvidence = { kind: 'handshake-failure' };
      const retry = attempt > 1;
      // The plaintext retry is `tls=may:none`; the deferred first attempt never decided.
      const connection = open(evidence, null, retry ? 'may:none' : 'may?');
      if (retry) setup += 0.05 + r.float() * 0.3;
      return { connection, setupSeconds: setup, refused: retry ? null : 'handshake', cacheable: false };
    }
    case 'anonymous': {
      setup += 0.05 + r.float() * 0.3;
      const tail = host.profile.tls13Suffix ? tls.tail.full : tls.tail.plain;
      if (host.profile.tlsReuse) proxied(host, 'Anonymous', relay, ip, tail, stamp(), lines);
      lines.push(line(stamp(), prefix + tlsSummary('Anonymous', false, relay, tail)));
      const evidence: SessionEvidence = { kind: 'summary', trust: 'Anonymous', named: null, suite: tls.suite };
      const connection = open(evidence, { trust: 'Anonymous', tail }, 'may');
      return { connection, setupSeconds: setup, refused: null, cacheable: true };
    }
    case 'certificate': {
      setup += 0.05 + r.float() * 0.3;
      const tail = host.profile.tls13Suffix ? tls.tail.full : tls.tail.plain;
      const view = certificateView(tls.defects, tls.untrustedText, destination.policy);
      if (view.verifyText !== null) {
        lines.push(line(stamp(), prefix + verifyFailure(view.verifyPrefix, relay, view.verifyText)));
      } else if (host.profile.tlsReuse) {
        proxied(host, view.trust, relay, ip, tail, stamp(), lines);
      }
      lines.push(line(stamp(), prefix + tlsSummary(view.trust, false, relay, tail)));
      const evidence: SessionEvidence = {
        kind: 'summary',
        trust: view.trust,
        named: view.named,
        suite: tls.suite,
      };
      const feature = destination.policy === 'verify' ? (view.refused ? '!verify' : 'verify') : 'may';
      const connection = open(evidence, { trust: view.trust, tail }, feature);
      const refused = view.refused ? 'policy' : null;
      return { connection, setupSeconds: setup, refused, cacheable: !view.refused };
    }
  }
}

/** With TLS connection reuse, tlsproxy(8) makes the handshake and logs it under its own PID. */
function proxied(
  host: LogHost,
  trust: Trust,
  relay: string,
  ip: string,
  tail: string,
  time: number,
  lines: ScriptLine[],
): void {
  lines.push(line(time - 0.002, host.tlsproxy + tlsproxyConnect(ip)));
  lines.push(line(time - 0.001, host.tlsproxy + tlsSummary(trust, false, relay, tail)));
}

function alternative(
  r: Random,
  mx: MxHost,
  ip: string,
  groups: Destination['mx'],
): { mx: MxHost; ip: string } {
  const others = mx.ips.filter((other) => other !== ip);
  if (others.length > 0 && r.chance(0.5)) return { mx, ip: r.pick(others) };
  const flat = groups.flat();
  const next = flat[(flat.indexOf(mx) + 1) % flat.length] ?? mx;
  const nextIps = next === mx && others.length > 0 ? others : next.ips;
  return { mx: next, ip: r.pick(nextIps) };
}

function line(time: number, text: string): ScriptLine {
  return { time, text, truth: null };
}
