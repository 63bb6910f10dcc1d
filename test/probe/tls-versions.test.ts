import assert from 'node:assert/strict';
import type { SecureVersion } from 'node:tls';
import { after, before, describe, it } from 'node:test';
import type { ProbeRecord } from '../../pipeline/probe/record.js';
import { TrustStore } from '../../pipeline/probe/trust-store.js';
import { tempDir } from '../read/temp-dir.js';
import { makeTestPki, type TestPki } from './certificates.js';
import { probeAll, targetOf } from './harness.js';
import { startFakeServer, type FakeServer } from './smtp-server.js';

interface Case {
  version: SecureVersion;
  /** The only suite the server accepts (OpenSSL name; TLS 1.3 names for TLS 1.3). */
  suite: string;
  /** The key-exchange group the server insists on, where it matters. */
  curve?: string;
  dhparam?: 'auto';
  expected: Pick<ProbeRecord, 'tlsVersion' | 'cipher' | 'forwardSecrecy' | 'keyExchange'>;
}

// TLS 1.0 and 1.1 are refused by OpenSSL 3 at its default security level, on both sides: the
// fake server lowers it to 0 just as the probe does.
const CASES: Case[] = [
  {
    version: 'TLSv1',
    suite: 'AES128-SHA',
    expected: {
      tlsVersion: 'TLSv1',
      cipher: 'AES128-SHA',
      forwardSecrecy: false,
      keyExchange: null,
    },
  },
  {
    version: 'TLSv1.1',
    suite: 'ECDHE-RSA-AES128-SHA',
    curve: 'prime256v1',
    expected: {
      tlsVersion: 'TLSv1.1',
      cipher: 'ECDHE-RSA-AES128-SHA',
      forwardSecrecy: true,
      keyExchange: 'prime256v1',
    },
  },
  {
    version: 'TLSv1.2',
    suite: 'AES128-SHA',
    expected: {
      tlsVersion: 'TLSv1.2',
      cipher: 'AES128-SHA',
      forwardSecrecy: false,
      keyExchange: null,
    },
  },
  {
    version: 'TLSv1.2',
    suite: 'AES256-GCM-SHA384',
    expected: {
      tlsVersion: 'TLSv1.2',
      cipher: 'AES256-GCM-SHA384',
      forwardSecrecy: false,
      keyExchange: null,
    },
  },
  {
    version: 'TLSv1.2',
    suite: 'ECDHE-RSA-AES128-GCM-SHA256',
    expected: {
      tlsVersion: 'TLSv1.2',
      cipher: 'ECDHE-RSA-AES128-GCM-SHA256',
      forwardSecrecy: true,
      keyExchange: 'X25519',
    },
  },
  {
    version: 'TLSv1.2',
    suite: 'DHE-RSA-AES128-GCM-SHA256',
    dhparam: 'auto',
    expected: {
      tlsVersion: 'TLSv1.2',
      cipher: 'DHE-RSA-AES128-GCM-SHA256',
      forwardSecrecy: true,
      keyExchange: 'DH-2048',
    },
  },
  {
    version: 'TLSv1.3',
    suite: 'TLS_CHACHA20_POLY1305_SHA256',
    expected: {
      tlsVersion: 'TLSv1.3',
      cipher: 'TLS_CHACHA20_POLY1305_SHA256',
      forwardSecrecy: true,
      keyExchange: 'X25519',
    },
  },
  {
    version: 'TLSv1.3',
    suite: 'TLS_AES_128_GCM_SHA256',
    curve: 'secp384r1',
    expected: {
      tlsVersion: 'TLSv1.3',
      cipher: 'TLS_AES_128_GCM_SHA256',
      forwardSecrecy: true,
      keyExchange: 'secp384r1',
    },
  },
];

describe('probe: protocol versions, suites and key exchange', () => {
  let pki: TestPki;
  const servers: FakeServer[] = [];
  let records: ProbeRecord[] = [];

  before(async () => {
    pki = makeTestPki(await tempDir('census-probe-pki-'));
    for (const [i, c] of CASES.entries()) {
      servers.push(
        await startFakeServer({
          host: `127.0.1.${10 + i}`,
          tls: {
            key: pki.leafKey,
            cert: pki.good.pem,
            minVersion: c.version,
            maxVersion: c.version,
            // A TLS 1.3 suite alone leaves OpenSSL's list for older versions empty, an error;
            // DEFAULT fills that list, unused when the version is pinned to 1.3.
            ciphers: c.version === 'TLSv1.3' ? `${c.suite}:DEFAULT` : `${c.suite}:@SECLEVEL=0`,
            ...(c.curve ? { ecdhCurve: c.curve } : {}),
            ...(c.dhparam ? { dhparam: c.dhparam } : {}),
          },
        }),
      );
    }
    const trust = TrustStore.withSystemRoots(pki.ca.pem);
    records = await probeAll(
      servers.map((s) => targetOf(s, 'mx.good.test')),
      { trust },
    );
  });
  after(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });

  for (const [i, c] of CASES.entries()) {
    it(`${c.version} with ${c.suite}${c.curve ? ` over ${c.curve}` : ''}`, () => {
      const r = records[i]!;
      assert.equal(r.error, null);
      assert.equal(r.outcome, 'ok');
      assert.deepEqual(
        {
          tlsVersion: r.tlsVersion,
          cipher: r.cipher,
          forwardSecrecy: r.forwardSecrecy,
          keyExchange: r.keyExchange,
        },
        c.expected,
      );
      // The certificate checks do not depend on the protocol.
      assert.equal(r.strict, true);
      assert.deepEqual(r.certificate?.chainSha256, [pki.good.sha256]);
    });
  }
});
