import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CertificateVerdicts } from '../../pipeline/model/delivery.js';
import type { ProbeRecord } from '../../pipeline/probe/record.js';
import { TrustStore } from '../../pipeline/probe/trust-store.js';
import { tempDir } from '../read/temp-dir.js';
import { makeTestPki, TEST_NOW, type TestCertificate, type TestPki } from './certificates.js';
import { probeAll, targetOf } from './harness.js';
import { startFakeServer, type FakeServer } from './smtp-server.js';

const VALID_FROM = Date.UTC(2020, 0, 1);
const VALID_TO = Date.UTC(2040, 0, 1);

function verdicts(
  failed: Partial<Record<keyof CertificateVerdicts, boolean>>,
): CertificateVerdicts {
  return { selfSigned: false, untrustedCa: false, nameMismatch: false, expired: false, ...failed };
}

interface Case {
  name: string;
  /** The certificates the server sends, leaf first. */
  chain: (pki: TestPki) => TestCertificate[];
  mxHost: string;
  /** Trust the test CA (`--ca-file`), or only Node's Mozilla roots. */
  trustTestCa: boolean;
  verdicts: CertificateVerdicts;
  subject: string;
  issuer: string;
  sans: string[];
  validity?: [number, number];
}

const CASES: Case[] = [
  {
    name: 'a valid certificate of a trusted CA is strict',
    chain: (p) => [p.good],
    mxHost: 'mx.good.test',
    trustTestCa: true,
    verdicts: verdicts({}),
    subject: 'CN=mx.good.test',
    issuer: 'CN=Census Test CA',
    sans: ['mx.good.test'],
  },
  {
    name: 'the same certificate without the test CA is untrusted',
    chain: (p) => [p.good],
    mxHost: 'mx.good.test',
    trustTestCa: false,
    verdicts: verdicts({ untrustedCa: true }),
    subject: 'CN=mx.good.test',
    issuer: 'CN=Census Test CA',
    sans: ['mx.good.test'],
  },
  {
    name: 'a leaf sent with its intermediate chains to the root',
    chain: (p) => [p.chained, p.intermediate],
    mxHost: 'mx.chain.test',
    trustTestCa: true,
    verdicts: verdicts({}),
    subject: 'O=Census, CN=mx.chain.test',
    issuer: 'O=Census, CN=Census Test Intermediate',
    sans: ['mx.chain.test'],
  },
  {
    name: 'a leaf sent without its intermediate is untrusted',
    chain: (p) => [p.chained],
    mxHost: 'mx.chain.test',
    trustTestCa: true,
    verdicts: verdicts({ untrustedCa: true }),
    subject: 'O=Census, CN=mx.chain.test',
    issuer: 'O=Census, CN=Census Test Intermediate',
    sans: ['mx.chain.test'],
  },
  {
    name: 'a wildcard matches one label',
    chain: (p) => [p.wildcard],
    mxHost: 'mx.example.test',
    trustTestCa: true,
    verdicts: verdicts({}),
    subject: 'CN=*.example.test',
    issuer: 'CN=Census Test CA',
    sans: ['*.example.test'],
  },
  {
    name: 'a wildcard does not match two labels',
    chain: (p) => [p.wildcard],
    mxHost: 'a.mx.example.test',
    trustTestCa: true,
    verdicts: verdicts({ nameMismatch: true }),
    subject: 'CN=*.example.test',
    issuer: 'CN=Census Test CA',
    sans: ['*.example.test'],
  },
  {
    name: 'a wildcard does not match the bare domain',
    chain: (p) => [p.wildcard],
    mxHost: 'example.test',
    trustTestCa: true,
    verdicts: verdicts({ nameMismatch: true }),
    subject: 'CN=*.example.test',
    issuer: 'CN=Census Test CA',
    sans: ['*.example.test'],
  },
  {
    name: 'another host name is a mismatch',
    chain: (p) => [p.good],
    mxHost: 'mx.other.test',
    trustTestCa: true,
    verdicts: verdicts({ nameMismatch: true }),
    subject: 'CN=mx.good.test',
    issuer: 'CN=Census Test CA',
    sans: ['mx.good.test'],
  },
  {
    name: 'a self-signed certificate is self-signed, not of an untrusted CA',
    chain: (p) => [p.selfSigned],
    mxHost: 'mx.self.test',
    trustTestCa: true,
    verdicts: verdicts({ selfSigned: true }),
    subject: 'CN=mx.self.test',
    issuer: 'CN=mx.self.test',
    sans: ['mx.self.test'],
  },
  {
    name: 'self-signed and mismatched at once',
    chain: (p) => [p.selfSigned],
    mxHost: 'mx.elsewhere.test',
    trustTestCa: true,
    verdicts: verdicts({ selfSigned: true, nameMismatch: true }),
    subject: 'CN=mx.self.test',
    issuer: 'CN=mx.self.test',
    sans: ['mx.self.test'],
  },
  {
    name: 'a certificate of an unknown CA is untrusted',
    chain: (p) => [p.untrusted],
    mxHost: 'mx.rogue.test',
    trustTestCa: true,
    verdicts: verdicts({ untrustedCa: true }),
    subject: 'CN=mx.rogue.test',
    issuer: 'CN=Census Rogue CA',
    sans: ['mx.rogue.test'],
  },
  {
    name: 'an unknown CA sent along is still untrusted',
    chain: (p) => [p.untrusted, p.rogueCa],
    mxHost: 'mx.rogue.test',
    trustTestCa: true,
    verdicts: verdicts({ untrustedCa: true }),
    subject: 'CN=mx.rogue.test',
    issuer: 'CN=Census Rogue CA',
    sans: ['mx.rogue.test'],
  },
  {
    name: 'an expired certificate is expired',
    chain: (p) => [p.expired],
    mxHost: 'mx.old.test',
    trustTestCa: true,
    verdicts: verdicts({ expired: true }),
    subject: 'CN=mx.old.test',
    issuer: 'CN=Census Test CA',
    sans: ['mx.old.test'],
    validity: [VALID_FROM, Date.UTC(2021, 0, 1)],
  },
  {
    name: 'a certificate not yet valid counts as expired',
    chain: (p) => [p.notYetValid],
    mxHost: 'mx.future.test',
    trustTestCa: true,
    verdicts: verdicts({ expired: true }),
    subject: 'CN=mx.future.test',
    issuer: 'CN=Census Test CA',
    sans: ['mx.future.test'],
    validity: [Date.UTC(2035, 0, 1), VALID_TO],
  },
  {
    name: 'expired, of an unknown CA, and mismatched at once',
    chain: (p) => [p.expiredUntrusted],
    mxHost: 'mx.rogue-new.test',
    trustTestCa: true,
    verdicts: verdicts({ expired: true, untrustedCa: true, nameMismatch: true }),
    subject: 'CN=mx.rogue-old.test',
    issuer: 'CN=Census Rogue CA',
    sans: ['mx.rogue-old.test'],
    validity: [VALID_FROM, Date.UTC(2021, 0, 1)],
  },
];

describe('probe: certificate verdicts over a real STARTTLS handshake', () => {
  let pki: TestPki;
  const servers: FakeServer[] = [];
  const records = new Map<Case, ProbeRecord>();

  before(async () => {
    pki = makeTestPki(await tempDir('census-probe-pki-'));
    for (const [i, c] of CASES.entries()) {
      const chain = c.chain(pki);
      servers.push(
        await startFakeServer({
          host: `127.0.0.${20 + i}`,
          tls: { key: pki.leafKey, cert: chain.map((x) => x.pem).join('') },
        }),
      );
    }
    for (const trustTestCa of [true, false]) {
      const cases = CASES.filter((c) => c.trustTestCa === trustTestCa);
      const trust = TrustStore.withSystemRoots(trustTestCa ? pki.ca.pem : null);
      const targets = cases.map((c) => targetOf(servers[CASES.indexOf(c)]!, c.mxHost));
      const probed = await probeAll(targets, { trust });
      cases.forEach((c, i) => records.set(c, probed[i]!));
    }
  });
  after(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });

  for (const c of CASES) {
    it(c.name, () => {
      const i = CASES.indexOf(c);
      const record = records.get(c)!;
      const chain = c.chain(pki);
      const { durationMillis, ...rest } = record;
      assert.ok(durationMillis !== null && durationMillis >= 0 && durationMillis < 2000);
      const [notBefore, notAfter] = c.validity ?? [VALID_FROM, VALID_TO];
      const strict = Object.values(c.verdicts).every((v) => v === false);
      assert.deepEqual(rest, {
        probeDay: '2030-06-15',
        probedAtMillis: TEST_NOW,
        source: 'probe',
        mxHost: c.mxHost,
        ip: `127.0.0.${20 + i}`,
        port: servers[i]!.port,
        outcome: 'ok',
        banner: '220 mx.test ESMTP Postfix',
        software: 'postfix',
        ehloKeywords: ['PIPELINING', 'SIZE', 'STARTTLS', '8BITMIME'],
        starttlsAdvertised: true,
        tlsVersion: 'TLSv1.3',
        cipher: 'TLS_AES_256_GCM_SHA384',
        forwardSecrecy: true,
        keyExchange: 'X25519',
        certificate: {
          subject: c.subject,
          issuer: c.issuer,
          sans: c.sans,
          notBeforeMillis: notBefore,
          notAfterMillis: notAfter,
          sha256: chain[0]!.sha256,
          chainSha256: chain.map((x) => x.sha256),
        },
        verdicts: c.verdicts,
        strict,
        error: null,
        attempts: 1,
      });
      // The session went as far as TLS and QUIT, and no further.
      assert.deepEqual(
        servers[i]!.connections.map((x) => x.commands),
        [['EHLO probe.census.test', 'STARTTLS', 'QUIT']],
      );
      assert.equal(servers[i]!.connections[0]!.secure, true);
      assert.equal(servers[i]!.connections[0]!.servername, c.mxHost);
    });
  }
});
