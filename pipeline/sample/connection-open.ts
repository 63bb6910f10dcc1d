import type { Connection } from './connection-cache.js';
import type { LogHost } from './log-hosts.js';
import {
  cannotStartTls,
  connectFailure,
  lostGreeting,
  sslConnectError,
  tlsLibraryProblem,
  tlsproxyConnect,
  verifyFailure,
} from './postfix-lines.js';
import type { Random } from './random.js';
import { summaryText } from './summary-text.js';
import { line, type ScriptLine } from './timeline.js';
import { certificateView, type TlsBehaviour, type TlsPolicy } from './tls-behaviour.js';
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

  if (destination.addressCount > 1 && r.chance(mx.timeoutRate)) {
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

  const relay = mx.relays.get(ip) ?? `${mx.name}[${ip}]:25`;
  const tls = mx.tls;
  const suffixed = host.profile.tls13Suffix;
  let setup = t - start + 0.04 + r.float() * 0.3;
  const opening: Opening = {
    connection: {
      mx,
      ip,
      relay,
      evidence: NO_TLS_LINE,
      truth: '',
      summary: null,
      feature: 'may:none',
      uses: 1,
      openedAt: start,
      freeAt: start,
    },
    setupSeconds: 0,
    refused: null,
    cacheable: true,
  };
  const connection = opening.connection;

  switch (tls.kind) {
    case 'no-starttls':
      break;
    case 'handshake-failure': {
      setup += 0.05 + r.float() * 0.4;
      const time = start + setup;
      if (tls.libraryError) lines.push(line(time, prefix + tlsLibraryProblem(tls.libraryError)));
      lines.push(line(time, prefix + sslConnectError(relay)));
      lines.push(line(time, prefix + cannotStartTls(queueId)));
      connection.evidence = HANDSHAKE_FAILURE;
      opening.cacheable = false;
      if (attempt > 1) {
        // The plaintext retry: a new connection to the same address, logged `tls=may:none`.
        setup += 0.05 + r.float() * 0.3;
      } else {
        connection.feature = 'may?';
        opening.refused = 'handshake';
      }
      break;
    }
    case 'anonymous': {
      setup += 0.05 + r.float() * 0.3;
      const tail = suffixed ? tls.tail.full : tls.tail.plain;
      const text = summaryText(mx, ip, 'Anonymous', false, suffixed, tail);
      if (host.profile.tlsReuse) proxied(host, ip, text, start + setup, lines);
      lines.push(line(start + setup, prefix + text));
      connection.evidence = { kind: 'summary', trust: 'Anonymous', named: null, suite: tls.suite };
      connection.summary = { trust: 'Anonymous', tail };
      connection.feature = 'may';
      break;
    }
    case 'certificate': {
      setup += 0.05 + r.float() * 0.3;
      const time = start + setup;
      const tail = suffixed ? tls.tail.full : tls.tail.plain;
      const view = certificateView(tls.defects, tls.untrustedText, destination.policy);
      const text = summaryText(mx, ip, view.trust, false, suffixed, tail);
      if (view.verifyText !== null) {
        lines.push(line(time, prefix + verifyFailure(view.verifyPrefix, relay, view.verifyText)));
      } else if (host.profile.tlsReuse) {
        proxied(host, ip, text, time, lines);
      }
      lines.push(line(time, prefix + text));
      connection.evidence = {
        kind: 'summary',
        trust: view.trust,
        named: view.named,
        suite: tls.suite,
      };
      connection.summary = { trust: view.trust, tail };
      if (destination.policy === 'verify') connection.feature = view.refused ? '!verify' : 'verify';
      else connection.feature = 'may';
      if (view.refused) {
        opening.refused = 'policy';
        opening.cacheable = false;
      }
      break;
    }
  }
  connection.truth = truthOf(tls, destination.policy, connection.evidence);
  opening.setupSeconds = setup;
  return opening;
}

const NO_TLS_LINE: SessionEvidence = { kind: 'clear', evidence: 'no-tls-line' };
const HANDSHAKE_FAILURE: SessionEvidence = { kind: 'handshake-failure' };

// A server behaves the same on every connection, so its ground-truth fragment is built once
// per policy.
const truthCache = new WeakMap<TlsBehaviour, Partial<Record<TlsPolicy, string>>>();

function truthOf(tls: TlsBehaviour, policy: TlsPolicy, evidence: SessionEvidence): string {
  let byPolicy = truthCache.get(tls);
  if (!byPolicy) {
    byPolicy = {};
    truthCache.set(tls, byPolicy);
  }
  return (byPolicy[policy] ??= tlsFragment(evidence));
}

/** With TLS connection reuse, tlsproxy(8) makes the handshake and logs it under its own PID. */
function proxied(host: LogHost, ip: string, summary: string, time: number, lines: ScriptLine[]) {
  lines.push(line(time - 0.002, host.tlsproxy + tlsproxyConnect(ip)));
  lines.push(line(time - 0.001, host.tlsproxy + summary));
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
