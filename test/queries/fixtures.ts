import { OVERALL_FIXTURE, row, times, type FixtureDelivery } from './fixture.js';

/**
 * The fixtures of the queries after Figure 1, each small enough to work out by hand. Every row
 * is delivered (`sent`) on 2026-12-01 unless it says otherwise. Certificate verdicts are
 * [self-signed, untrusted CA, name mismatch, expired].
 */

const DAY = '2026-12-01';
const MISMATCH = { evidence: 'reasons', cert: [false, false, true, false] } as const;
const SELF_SIGNED_MISMATCH = { evidence: 'reasons', cert: [true, false, true, false] } as const;
const EXPIRED_UNTRUSTED = { evidence: 'reasons', cert: [false, true, false, true] } as const;
const UNTRUSTED_ONLY_KNOWN = { evidence: 'reasons', cert: [null, true, null, null] } as const;

type Verdicts = Pick<FixtureDelivery, 'evidence' | 'cert'>;
const opportunistic = (
  domain: string,
  mx: string,
  ip: string,
  verdicts: Verdicts,
  more: Partial<FixtureDelivery> = {},
) => row(DAY, domain, mx, ip, 'opportunistic', { ...verdicts, ...more });

/**
 * Reasons (Figures 2 and 6, the headline's mismatch share):
 *
 *   domain  mx       ip        software      emails
 *   r.com   r1.net   10.0.0.1  postfix       opportunistic mismatch ×5, self-signed + mismatch ×1
 *   w.com   r1.net   10.0.0.1  (none)        opportunistic mismatch ×100
 *   s.com   s1.net   10.0.0.2  exim          opportunistic self-signed + mismatch ×2, strict ×1
 *   t.com   t1.net   10.0.0.3  postfix/exim  opportunistic expired + untrusted CA ×1 (postfix),
 *                                            opportunistic trust-only (unknown) ×1 (exim)
 *   u.com   u1.net   10.0.0.4  qmail         opportunistic untrusted CA, others unknown ×1, none ×2
 *   v.com   v1.net   10.0.0.5  (none)        opportunistic anonymous (no certificate) ×1
 */
export const REASONS_FIXTURE: FixtureDelivery[] = [
  ...times(5, opportunistic('r.com', 'r1.net', '10.0.0.1', MISMATCH, { software: 'postfix' })),
  opportunistic('r.com', 'r1.net', '10.0.0.1', SELF_SIGNED_MISMATCH, { software: 'postfix' }),
  ...times(100, opportunistic('w.com', 'r1.net', '10.0.0.1', MISMATCH)),
  ...times(
    2,
    opportunistic('s.com', 's1.net', '10.0.0.2', SELF_SIGNED_MISMATCH, { software: 'exim' }),
  ),
  row(DAY, 's.com', 's1.net', '10.0.0.2', 'strict', { software: 'exim' }),
  opportunistic('t.com', 't1.net', '10.0.0.3', EXPIRED_UNTRUSTED, { software: 'postfix' }),
  opportunistic('t.com', 't1.net', '10.0.0.3', { evidence: 'trust-only' }, { software: 'exim' }),
  opportunistic('u.com', 'u1.net', '10.0.0.4', UNTRUSTED_ONLY_KNOWN, { software: 'qmail' }),
  ...times(2, row(DAY, 'u.com', 'u1.net', '10.0.0.4', 'none', { software: 'qmail' })),
  opportunistic('v.com', 'v1.net', '10.0.0.5', { evidence: 'anonymous' }),
];

const ECDHE = {
  cipher: 'ECDHE-RSA-AES256-GCM-SHA384',
  forwardSecrecy: true,
  tlsVersion: 'TLSv1.2',
};
const AES128 = { cipher: 'AES128-SHA', forwardSecrecy: false, tlsVersion: 'TLSv1' };
const TLS13 = { cipher: 'TLS_AES_256_GCM_SHA384', forwardSecrecy: true, tlsVersion: 'TLSv1.3' };
const DHE = { cipher: 'DHE-RSA-AES256-SHA', forwardSecrecy: true, tlsVersion: 'TLSv1.2' };

/**
 * Suites (Figures 3 and 4, TLS versions, the headline's forward secrecy):
 *
 *   domain  mx      ip        emails
 *   c1.com  m1.org  20.0.0.1  strict ECDHE-RSA-AES256-GCM-SHA384 TLSv1.2 ×3, unverified AES128-SHA TLSv1 ×1
 *   c2.com  m2.org  20.0.0.2  opportunistic AES128-SHA TLSv1 ×2, strict TLS_AES_256_GCM_SHA384 TLSv1.3 ×2
 *   c3.com  m3.org  20.0.0.3  unverified, suite and version not logged ×1
 *   c4.com  m4.org  20.0.0.4  none ×2, strict DHE-RSA-AES256-SHA TLSv1.2 ×1
 *   c5.com  m5.org  20.0.0.5  failure ×1
 */
export const CIPHER_FIXTURE: FixtureDelivery[] = [
  ...times(3, row(DAY, 'c1.com', 'm1.org', '20.0.0.1', 'strict', ECDHE)),
  row(DAY, 'c1.com', 'm1.org', '20.0.0.1', 'unverified', AES128),
  ...times(2, row(DAY, 'c2.com', 'm2.org', '20.0.0.2', 'opportunistic', AES128)),
  ...times(2, row(DAY, 'c2.com', 'm2.org', '20.0.0.2', 'strict', TLS13)),
  row(DAY, 'c3.com', 'm3.org', '20.0.0.3', 'unverified'),
  ...times(2, row(DAY, 'c4.com', 'm4.org', '20.0.0.4', 'none')),
  row(DAY, 'c4.com', 'm4.org', '20.0.0.4', 'strict', DHE),
  row(DAY, 'c5.com', 'm5.org', '20.0.0.5', 'failure'),
];

/**
 * TLDs (Figures 7 to 12). Generic TLDs, emails per (domain, MX host):
 *
 *   a.com, b.com → mx1.g.net  strict ×4, ×1          c.com → mx2.h.net  none ×2, opportunistic mismatch ×1
 *   d.net → mx1.g.net         opportunistic mismatch ×3
 *   e.org → mx3.k.org         opportunistic self-signed + mismatch ×2
 *   f.info → mx4.k.org        unverified ×6          g.xyz → mx5.k.org  failure ×1
 *   h.edu → mx6.k.org         strict ×1
 *
 * Country codes: x.<tld> → mx.x.<tld>, strict, as many emails as listed: uk (a.co.uk →
 * mx.a.co.uk opportunistic mismatch ×7, b.co.uk → mx.b.co.uk none ×5), de 11, fr 10, it 9,
 * es 8, nl 7, se 6, pl 5, ch 4, at 3, be 2 (the eleventh of Europe), tr 20 (Western Asia);
 * jp opportunistic self-signed + mismatch ×5, au (x.com.au) unverified ×4, cn none ×3,
 * in opportunistic untrusted CA, others unknown ×2, nz strict ×1, xn--fiqs8s (中国) failure ×1.
 */
export const TLD_FIXTURE: FixtureDelivery[] = [
  ...times(4, row(DAY, 'a.com', 'mx1.g.net', '40.0.0.1', 'strict')),
  row(DAY, 'b.com', 'mx1.g.net', '40.0.0.1', 'strict'),
  ...times(2, row(DAY, 'c.com', 'mx2.h.net', '40.0.0.2', 'none')),
  opportunistic('c.com', 'mx2.h.net', '40.0.0.2', MISMATCH),
  ...times(3, opportunistic('d.net', 'mx1.g.net', '40.0.0.1', MISMATCH)),
  ...times(2, opportunistic('e.org', 'mx3.k.org', '40.0.0.3', SELF_SIGNED_MISMATCH)),
  ...times(6, row(DAY, 'f.info', 'mx4.k.org', '40.0.0.4', 'unverified')),
  row(DAY, 'g.xyz', 'mx5.k.org', '40.0.0.5', 'failure'),
  row(DAY, 'h.edu', 'mx6.k.org', '40.0.0.6', 'strict'),

  ...times(7, opportunistic('a.co.uk', 'mx.a.co.uk', '41.0.0.1', MISMATCH)),
  ...times(5, row(DAY, 'b.co.uk', 'mx.b.co.uk', '41.0.0.2', 'none')),
  ...Object.entries({ de: 11, fr: 10, it: 9, es: 8, nl: 7, se: 6, pl: 5, ch: 4, at: 3, be: 2 })
    .concat([['tr', 20]])
    .flatMap(([tld, count]) => times(count, row(DAY, `x.${tld}`, `mx.x.${tld}`, null, 'strict'))),

  ...times(5, opportunistic('x.jp', 'mx.x.jp', '42.0.0.1', SELF_SIGNED_MISMATCH)),
  ...times(4, row(DAY, 'x.com.au', 'mx.x.com.au', '42.0.0.2', 'unverified')),
  ...times(3, row(DAY, 'x.cn', 'mx.x.cn', '42.0.0.3', 'none')),
  ...times(2, opportunistic('x.in', 'mx.x.in', '42.0.0.4', UNTRUSTED_ONLY_KNOWN)),
  row(DAY, 'x.nz', 'mx.x.nz', '42.0.0.5', 'strict'),
  row(DAY, 'x.xn--fiqs8s', 'mx.x.xn--fiqs8s', '42.0.0.6', 'failure'),
];

/**
 * Operations (evidence coverage, enforcement impact, top providers, daily trend):
 *
 *   day  domain  mx                ip        dialect  emails
 *   1    p.com   mx1.bigmail.com   30.0.0.1  postfix  strict ×4
 *   1    p.com   mx2.bigmail.com   30.0.0.2  postfix  unverified chain-only ×2
 *   1    q.com   mx.q.com          30.0.0.3  exim     opportunistic trust-only ×1,
 *                                                     opportunistic self-signed, others unknown ×1
 *   1    r.org   mx.r.org          30.0.0.4  exim     none ×2 (and a deferred none, not counted)
 *   2    p.com   mx1.bigmail.com   30.0.0.1  jsonl    strict ×1
 *   2    q.com   mx.q.com          30.0.0.3  jsonl    failure ×1
 *   2    s.net   mx.s.net          30.0.0.5  jsonl    unverified tls-only ×1
 */
const DAY2 = '2026-12-02';
export const OPS_FIXTURE: FixtureDelivery[] = [
  ...times(4, row(DAY, 'p.com', 'mx1.bigmail.com', '30.0.0.1', 'strict')),
  ...times(
    2,
    row(DAY, 'p.com', 'mx2.bigmail.com', '30.0.0.2', 'unverified', { evidence: 'chain-only' }),
  ),
  opportunistic('q.com', 'mx.q.com', '30.0.0.3', { evidence: 'trust-only' }, { dialect: 'exim' }),
  opportunistic(
    'q.com',
    'mx.q.com',
    '30.0.0.3',
    { evidence: 'reasons', cert: [true, null, null, null] },
    { dialect: 'exim' },
  ),
  ...times(2, row(DAY, 'r.org', 'mx.r.org', '30.0.0.4', 'none', { dialect: 'exim' })),
  row(DAY, 'r.org', 'mx.r.org', '30.0.0.4', 'none', { dialect: 'exim', status: 'deferred' }),
  row(DAY2, 'p.com', 'mx1.bigmail.com', '30.0.0.1', 'strict', { dialect: 'jsonl' }),
  row(DAY2, 'q.com', 'mx.q.com', '30.0.0.3', 'failure', { dialect: 'jsonl' }),
  row(DAY2, 's.net', 'mx.s.net', '30.0.0.5', 'unverified', { dialect: 'jsonl' }),
];

/** Every fixture at once, for the rollup-versus-raw comparison. */
export const ALL_FIXTURES: FixtureDelivery[] = [
  ...OVERALL_FIXTURE,
  ...REASONS_FIXTURE,
  ...CIPHER_FIXTURE,
  ...TLD_FIXTURE,
  ...OPS_FIXTURE,
];
