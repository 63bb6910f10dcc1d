import { flat } from './flat.js';
import type { Random } from './random.js';
import { WeightedTable } from './weighted.js';

export type TlsVersion = 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';

/** A negotiated protocol and suite, as OpenSSL names them in Postfix's summary line. */
export interface CipherSuite {
  version: TlsVersion;
  /** OpenSSL name. */
  cipher: string;
  /** `USE/ALG` bits as Postfix prints them. */
  bits: string;
  /** Whether the key exchange is ephemeral; known here, not derived from the name. */
  forwardSecrecy: boolean;
}

export function suite(version: TlsVersion, cipher: string, bits: string, fs: boolean): CipherSuite {
  return { version, cipher, bits, forwardSecrecy: fs };
}

// Weights follow what SMTP servers negotiate with an OpenSSL 3 client today: mostly TLS 1.3 and
// ECDHE-GCM, a tail of old CBC, RC4 and 3DES suites on servers nobody has touched in years.
const TLS13 = new WeightedTable([
  [suite('TLSv1.3', 'TLS_AES_256_GCM_SHA384', '256/256', true), 80],
  [suite('TLSv1.3', 'TLS_AES_128_GCM_SHA256', '128/128', true), 12],
  [suite('TLSv1.3', 'TLS_CHACHA20_POLY1305_SHA256', '256/256', true), 8],
]);

const TLS12 = new WeightedTable([
  [suite('TLSv1.2', 'ECDHE-RSA-AES256-GCM-SHA384', '256/256', true), 45],
  [suite('TLSv1.2', 'ECDHE-RSA-AES128-GCM-SHA256', '128/128', true), 12],
  [suite('TLSv1.2', 'ECDHE-ECDSA-AES256-GCM-SHA384', '256/256', true), 6],
  [suite('TLSv1.2', 'ECDHE-RSA-CHACHA20-POLY1305', '256/256', true), 4],
  [suite('TLSv1.2', 'ECDHE-RSA-AES256-SHA384', '256/256', true), 8],
  [suite('TLSv1.2', 'ECDHE-RSA-AES256-SHA', '256/256', true), 3],
  [suite('TLSv1.2', 'DHE-RSA-AES256-GCM-SHA384', '256/256', true), 7],
  [suite('TLSv1.2', 'DHE-RSA-AES128-SHA', '128/128', true), 2],
  [suite('TLSv1.2', 'AES256-GCM-SHA384', '256/256', false), 6],
  [suite('TLSv1.2', 'AES128-SHA', '128/128', false), 3],
  [suite('TLSv1.2', 'AES256-SHA256', '256/256', false), 2],
]);

const LEGACY = new WeightedTable([
  [suite('TLSv1', 'DHE-RSA-AES256-SHA', '256/256', true), 20],
  [suite('TLSv1', 'ECDHE-RSA-AES256-SHA', '256/256', true), 18],
  [suite('TLSv1', 'EDH-RSA-DES-CBC3-SHA', '168/168', true), 6],
  [suite('TLSv1', 'AES256-SHA', '256/256', false), 16],
  [suite('TLSv1', 'AES128-SHA', '128/128', false), 12],
  [suite('TLSv1', 'DES-CBC3-SHA', '168/168', false), 6],
  [suite('TLSv1', 'RC4-SHA', '128/128', false), 6],
  [suite('TLSv1', 'ECDHE-RSA-RC4-SHA', '128/128', true), 4],
  [suite('TLSv1.1', 'ECDHE-RSA-AES256-SHA', '256/256', true), 6],
  [suite('TLSv1.1', 'AES128-SHA', '128/128', false), 6],
]);

// Anonymous suites exist only up to TLS 1.2; Postfix at level `may` prefers them when offered.
const ANONYMOUS = new WeightedTable([
  [suite('TLSv1.2', 'ADH-AES256-GCM-SHA384', '256/256', true), 40],
  [suite('TLSv1.2', 'AECDH-AES256-SHA', '256/256', true), 30],
  [suite('TLSv1.2', 'ADH-AES256-SHA256', '256/256', true), 10],
  [suite('TLSv1', 'ADH-AES256-SHA', '256/256', true), 12],
  [suite('TLSv1', 'ADH-CAMELLIA256-SHA', '256/256', true), 8],
]);

export type SuiteAge = 'modern' | 'current' | 'dated' | 'legacy';

const VERSION_MIX: Record<SuiteAge, WeightedTable<WeightedTable<CipherSuite>>> = {
  modern: new WeightedTable([
    [TLS13, 92],
    [TLS12, 8],
  ]),
  current: new WeightedTable([
    [TLS13, 55],
    [TLS12, 40],
    [LEGACY, 5],
  ]),
  dated: new WeightedTable([
    [TLS13, 15],
    [TLS12, 65],
    [LEGACY, 20],
  ]),
  legacy: new WeightedTable([
    [TLS12, 40],
    [LEGACY, 60],
  ]),
};

/** A suite for a server with a certificate, by how up to date its TLS stack is. */
export function certificateSuite(random: Random, age: SuiteAge): CipherSuite {
  return VERSION_MIX[age].pick(random).pick(random);
}

export function anonymousSuite(random: Random): CipherSuite {
  return ANONYMOUS.pick(random);
}

const TLS13_SIGNATURES = [
  'server-signature RSA-PSS (2048 bits) server-digest SHA256',
  'server-signature RSA-PSS (4096 bits) server-digest SHA256',
  'server-signature ECDSA (P-256) server-digest SHA256',
  'server-signature ECDSA (P-384) server-digest SHA384',
];
const KEY_EXCHANGES = new WeightedTable([
  ['X25519', 80],
  ['secp256r1', 12],
  ['X25519MLKEM768', 8],
]);

/**
 * The part of the summary after `H[IP]:P: `. Postfix 3.4 and later add the key exchange and
 * server signature, which OpenSSL reports for TLS 1.3 only.
 */
export function summaryTail(random: Random, suite: CipherSuite): { plain: string; full: string } {
  const plain = flat(`${suite.version} with cipher ${suite.cipher} (${suite.bits} bits)`);
  if (suite.version !== 'TLSv1.3') return { plain, full: plain };
  const kx = KEY_EXCHANGES.pick(random);
  return { plain, full: flat(`${plain} key-exchange ${kx} ${random.pick(TLS13_SIGNATURES)}`) };
}
