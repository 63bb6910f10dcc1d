import { domainToASCII } from 'node:url';
import { ipv4In, ipv6In, publicIpv4 } from './addresses.js';
import type { CipherSuite } from './cipher-suites.js';
import { domainLabel, idnLabel, TLDS } from './names.js';
import {
  HOSTING_MX,
  M365_PREFIXES,
  M365_SUITE,
  PROVIDERS,
  WORKSPACE_MX,
  WORKSPACE_PREFIXES,
  WORKSPACE_SUITE,
} from './providers.js';
import { flat } from './flat.js';
import { Random } from './random.js';
import type { ReplyStyle } from './software.js';
import { failingCertificate, serverBehaviour, validCertificate } from './server-profiles.js';
import type { CertDefect, TlsBehaviour, TlsPolicy } from './tls-behaviour.js';
import { WeightedTable } from './weighted.js';

export interface MxHost {
  name: string;
  ips: readonly string[];
  /** `H[IP]:25` for each address, as the smtp client prints it. */
  relays: ReadonlyMap<string, string>;
  /** TLS summary texts per address, filled in as the generator first needs them. */
  summaries: Map<string, (string | undefined)[]>;
  tls: TlsBehaviour;
  reply: ReplyStyle;
  /** Back-end name in Exchange replies. */
  backend: string;
  /** Chance that the first address tried does not answer. */
  timeoutRate: number;
}

/** A recipient domain and what its mail meets. */
export interface Destination {
  /** The domain as recipients spell it in the log (a U-label for some IDN domains). */
  logged: string;
  /** Lower-case IDNA A-label: what the ground truth names. */
  domain: string;
  /** The logged spelling has non-ASCII characters. */
  unicode: boolean;
  /** MX hosts by preference, most preferred group first; hosts within a group share load. */
  mx: readonly (readonly MxHost[])[];
  policy: TlsPolicy;
  /** The server greylists a first delivery attempt now and then. */
  greylisting: boolean;
  /** How many addresses its MX hosts have together. */
  addressCount: number;
  /** Destinations with the same MX hosts and policy share connections, and this key. */
  connectionKey: ConnectionKey;
}

/** Identifies a set of MX hosts under one policy; `id` numbers the keys from 0. */
export interface ConnectionKey {
  readonly name: string;
  readonly id: number;
}

export interface World {
  destinations: WeightedTable<Destination>;
  all: readonly Destination[];
}

const SMALL_DOMAINS = 4000;

/** The recipient side of the internet, from the seed alone (independent of the volume). */
export function buildWorld(seed: number): World {
  const r = Random.derive(seed, 'world');
  const all: Destination[] = [];
  const keys = new Map<string, ConnectionKey>();
  const weights: number[] = [];
  let providerPercent = 0;

  for (const spec of PROVIDERS) {
    const shared = new Map<string, MxHost>();
    for (const [domain, percent] of spec.domains) {
      providerPercent += percent;
      const groups = groupByPreference(spec.mx, (name) => {
        const hostName = name.startsWith('*.') ? domain.replace(/\./g, '-') + name.slice(1) : name;
        let host = shared.get(hostName);
        if (!host) {
          const ips = addresses(r, spec.prefixes, 4);
          host = providerHost(r, hostName, ips, spec.suite, spec.reply, spec.timeoutRate);
          shared.set(hostName, host);
        }
        return host;
      });
      all.push(destination(keys, domain, groups, spec.policy, false));
      weights.push(percent);
    }
  }

  const hosting = HOSTING_MX.map((spec) => {
    const behaviour: TlsBehaviour = spec.noStarttls
      ? { kind: 'no-starttls' }
      : serverBehaviour(r, 'hosting');
    const reply = r.pick<ReplyStyle>(['postfix', 'postfix', 'exim', 'generic']);
    const hosts = spec.names.map((name) => {
      const ips = addresses(r, [], r.between(1, 3));
      return {
        name,
        ips,
        relays: relays(name, ips),
        summaries: new Map(),
        tls: behaviour,
        reply,
        backend: '',
        timeoutRate: 0.02,
      };
    });
    return [hosts];
  });
  const workspace = groupByPreference(WORKSPACE_MX, (name) =>
    providerHost(r, name, addresses(r, WORKSPACE_PREFIXES, 4), WORKSPACE_SUITE, 'google', 0.01),
  );

  // Small domains: a heavy tail in which the first few hundred carry most of the volume.
  const smallPercent = 100 - providerPercent;
  const zipf = Array.from({ length: SMALL_DOMAINS }, (_, i) => 1 / Math.pow(i + 8, 1.05));
  const zipfTotal = zipf.reduce((a, b) => a + b, 0);
  const seen = new Set(all.map((d) => d.domain));
  let failingPartners = 0;
  for (let i = 0; i < SMALL_DOMAINS; i++) {
    const idn = r.chance(0.004);
    const logged = `${idn ? idnLabel(r) : domainLabel(r)}.${TLDS.pick(r)}`;
    const domain = idn ? domainToASCII(logged) : logged;
    if (seen.has(domain)) continue;
    seen.add(domain);

    const roll = r.float();
    let mx: (readonly MxHost[])[];
    // The first own-server partners near the top of the list have a certificate that fails
    // the policy in one way each, so that every logged reason occurs on a busy domain.
    const failing =
      i >= 25 && i < 150 && roll < 0.46 ? PARTNER_FAILURES[failingPartners] : undefined;
    if (failing !== undefined) {
      failingPartners += 1;
      mx = ownMx(r, domain, failing);
    } else if (roll < 0.46) mx = ownMx(r, domain);
    else if (roll < 0.66) mx = r.pick(hosting);
    else if (roll < 0.83) mx = workspace;
    else mx = [[m365Host(r, domain)]];

    // The policy map names busy partner domains whose servers do TLS, some of which fail it.
    const first = mx[0]?.[0];
    const canVerify = first?.tls.kind === 'certificate';
    const partner = failing ? 1 : i < 60 ? 0.2 : i < 600 ? 0.04 : 0;
    const policy: TlsPolicy = canVerify && r.chance(partner) ? 'verify' : 'may';
    const greylisting = first?.reply !== 'google' && first?.reply !== 'microsoft365';
    all.push(destination(keys, logged, mx, policy, greylisting && r.chance(0.1), domain));
    weights.push((smallPercent * (zipf[i] ?? 0)) / zipfTotal);
  }

  return { destinations: new WeightedTable(all.map((d, i) => [d, weights[i] ?? 0])), all };
}

function destination(
  keys: Map<string, ConnectionKey>,
  logged: string,
  mx: readonly (readonly MxHost[])[],
  policy: TlsPolicy,
  greylisting: boolean,
  domain = logged,
): Destination {
  const name = `${policy}|${(mx[0] ?? []).map((host) => host.name).join(',')}`;
  let connectionKey = keys.get(name);
  if (!connectionKey) {
    connectionKey = { name, id: keys.size };
    keys.set(name, connectionKey);
  }
  const addressCount = mx.reduce((n, group) => n + group.reduce((m, h) => m + h.ips.length, 0), 0);
  const unicode = /[^\x00-\x7f]/.test(logged);
  return {
    logged,
    domain,
    unicode,
    mx,
    policy,
    greylisting,
    addressCount,
    connectionKey,
  };
}

function groupByPreference(
  entries: readonly { name: string; preference: number }[],
  host: (name: string) => MxHost,
): MxHost[][] {
  const groups = new Map<number, MxHost[]>();
  for (const { name, preference } of entries) {
    const group = groups.get(preference) ?? [];
    group.push(host(name));
    groups.set(preference, group);
  }
  return [...groups.entries()].sort((a, b) => a[0] - b[0]).map(([, hosts]) => hosts);
}

function addresses(r: Random, prefixes: readonly string[], count: number): string[] {
  const ips = new Set<string>();
  while (ips.size < count) {
    if (prefixes.length === 0) ips.add(publicIpv4(r));
    else {
      const prefix = r.pick(prefixes);
      ips.add(prefix.includes(':') ? ipv6In(prefix, r) : ipv4In(prefix, r));
    }
  }
  return [...ips];
}

function providerHost(
  r: Random,
  name: string,
  ips: string[],
  suite: CipherSuite,
  reply: ReplyStyle,
  timeoutRate: number,
): MxHost {
  const tls = validCertificate(r, suite);
  return {
    name,
    ips,
    relays: relays(name, ips),
    summaries: new Map(),
    tls,
    reply,
    backend: '',
    timeoutRate,
  };
}

const PARTNER_FAILURES: readonly CertDefect[] = [
  'self-signed',
  'untrusted-ca',
  'expired',
  'name-mismatch',
];

/** A domain that runs its own server: one MX, or a primary and a backup. */
function ownMx(r: Random, domain: string, failing?: CertDefect): MxHost[][] {
  const reply = r.pick<ReplyStyle>([
    ...Array<ReplyStyle>(9).fill('postfix'),
    ...Array<ReplyStyle>(5).fill('exim'),
    ...Array<ReplyStyle>(3).fill('exchange'),
    'sendmail',
    'sendmail',
    'qmail',
    'generic',
    'generic',
  ]);
  const names = r.chance(0.2)
    ? [`mx1.${domain}`, `mx2.${domain}`]
    : [r.pick([`mail.${domain}`, `mx.${domain}`, `smtp.${domain}`, `mx01.${domain}`])];
  const behaviour = failing ? failingCertificate(r, reply, failing) : serverBehaviour(r, reply);
  const label = domain.split('.')[0] ?? 'corp';
  return names.map((name, i) => {
    const ips = addresses(r, [], 1);
    const host: MxHost = {
      name,
      ips,
      relays: relays(name, ips),
      summaries: new Map(),
      tls: behaviour,
      reply,
      backend: `EX${String(i + 1).padStart(2, '0')}.${label}.local`,
      timeoutRate: 0.02,
    };
    return [host];
  });
}

function relays(name: string, ips: readonly string[]): Map<string, string> {
  return new Map(ips.map((ip) => [ip, flat(`${name}[${ip}]:25`)]));
}

function m365Host(r: Random, domain: string): MxHost {
  const name = `${domain.replace(/\./g, '-')}.mail.protection.outlook.com`;
  return providerHost(r, name, addresses(r, M365_PREFIXES, 2), M365_SUITE, 'microsoft365', 0.01);
}
