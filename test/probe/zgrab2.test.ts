import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { UNKNOWN_VERDICTS } from '../../pipeline/model/delivery.js';
import type { ProbeRecord } from '../../pipeline/probe/record.js';
import { TrustStore } from '../../pipeline/probe/trust-store.js';
import { importZgrab2 } from '../../pipeline/probe/zgrab2-import.js';
import type { Zgrab2Context } from '../../pipeline/probe/zgrab2-record.js';
import { corpusDir, NO_CORPUS } from '../helpers/corpus.js';
import { tempDir } from '../read/temp-dir.js';
import { makeTestPki, TEST_NOW, type TestPki } from './certificates.js';

const SAMPLES = corpusDir('zgrab2/zgrab2_schemas/zgrab2/testdata');
const QPSMTPD = '220 ba06a6536f7e ESMTP qpsmtpd 0.94 ready; send us your mail, but not your spam.';

const context = (trust: TrustStore): Zgrab2Context => ({
  port: 25,
  day: null,
  trust,
  nowMillis: TEST_NOW,
});

async function importLines(lines: string[], trust: TrustStore) {
  const file = path.join(await tempDir('census-zgrab2-'), 'scan.jsonl');
  await writeFile(file, lines.join('\n') + '\n');
  return importZgrab2(file, context(trust));
}

describe(
  'probe --import-zgrab2: the zgrab2 test data',
  { skip: SAMPLES ? false : NO_CORPUS },
  () => {
    let byFile: Map<string, ProbeRecord>;
    before(async () => {
      const files = readdirSync(SAMPLES!)
        .filter((f) => f.startsWith('smtp') && f.endsWith('.json'))
        .sort();
      const lines = files.map((f) => readFileSync(path.join(SAMPLES!, f), 'utf8').trim());
      const { records, problems } = await importLines(lines, TrustStore.withSystemRoots(null));
      assert.deepEqual(problems, []);
      byFile = new Map(files.map((f, i) => [f, records[i]!]));
    });

    it('reads every sample, with banner, software and the scan time', () => {
      assert.equal(byFile.size, 7);
      for (const [file, r] of byFile) {
        assert.equal(r.ip, '172.17.0.3', file);
        assert.equal(r.mxHost, 'target', file);
        assert.equal(r.source, 'zgrab2', file);
        assert.equal(r.banner, QPSMTPD, file);
        assert.equal(r.software, 'qpsmtpd', file);
        assert.equal(r.probeDay, '2018-04-06', file);
        assert.equal(r.attempts, 0, file);
        assert.equal(r.certificate, null, file);
        assert.deepEqual(r.verdicts, UNKNOWN_VERDICTS, file);
        assert.equal(r.strict, null, file);
      }
      assert.equal(byFile.get('smtp-00.json')!.probedAtMillis, Date.UTC(2018, 3, 6, 19, 42, 3));
    });

    it('an EHLO without STARTTLS is no-starttls, with the keywords', () => {
      for (const file of ['smtp-ehlo.04.json', 'smtp-ehlo.quit.05.json']) {
        const r = byFile.get(file)!;
        assert.deepEqual(
          [r.outcome, r.starttlsAdvertised, r.ehloKeywords, r.error],
          ['no-starttls', false, ['PIPELINING', '8BITMIME'], null],
          file,
        );
      }
    });

    it('a refused EHLO is no-starttls, with the reply', () => {
      const r = byFile.get('smtp-ehlo.03.json')!;
      assert.deepEqual(
        [r.outcome, r.starttlsAdvertised, r.ehloKeywords, r.error],
        [
          'no-starttls',
          false,
          null,
          'EHLO refused: 501 ehlo requires domain/address - see RFC-2821 4.1.1.1',
        ],
      );
    });

    it('a scan that stopped before EHLO proves no outcome', () => {
      for (const file of ['smtp-00.json', 'smtp-helo.01.json', 'smtp-helo.02.json']) {
        const r = byFile.get(file)!;
        assert.deepEqual(
          [r.outcome, r.starttlsAdvertised, r.ehloKeywords],
          [null, null, null],
          file,
        );
      }
      assert.equal(byFile.get('smtp-help.quit.06.json')!.outcome, null);
    });
  },
);

/** A hand-made record of a scan that went through STARTTLS, in zcrypto's JSON shape. */
function tlsRecord(options: {
  ip: string;
  domain: string;
  parsed?: object;
  raw?: string[];
  validation?: object;
  status?: string;
  error?: string;
  tls?: boolean;
}): string {
  const [leafRaw, ...chainRaw] = options.raw ?? [];
  const tls = {
    handshake_log: {
      server_hello: {
        version: { name: 'TLSv1.2', value: 771 },
        cipher_suite: {
          hex: '0xC02F',
          name: 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
          value: 49199,
        },
      },
      server_key_exchange: { ecdh_params: { curve_id: { name: 'secp256r1', id: 23 } } },
      server_certificates: {
        certificate: { ...(leafRaw ? { raw: leafRaw } : {}), parsed: options.parsed ?? {} },
        chain: chainRaw.map((raw) => ({ raw })),
        ...(options.validation ? { validation: options.validation } : {}),
      },
    },
  };
  return JSON.stringify({
    ip: options.ip,
    domain: options.domain,
    data: {
      smtp: {
        status: options.status ?? 'success',
        protocol: 'smtp',
        ...(options.error ? { error: options.error } : {}),
        timestamp: '2026-12-02T08:30:00Z',
        result: {
          banner: `220 ${options.domain} ESMTP Postfix (Debian/GNU)\r\n`,
          ehlo: `250-${options.domain}\r\n250-PIPELINING\r\n250-STARTTLS\r\n250 SMTPUTF8\r\n`,
          starttls: '220 2.0.0 Ready to start TLS\r\n',
          ...(options.tls === false ? {} : { tls }),
        },
      },
    },
  });
}

const LEAF_SHA = 'ab'.repeat(32);
const CHAIN_SHA = 'cd'.repeat(32);
const parsed = (validity: [string, string], selfSigned?: boolean) => ({
  subject: { common_name: ['mx.scan.test'] },
  issuer: { common_name: ['R3'], organization: ["Let's Encrypt"], country: ['US'] },
  validity: { start: validity[0], end: validity[1] },
  extensions: { subject_alt_name: { dns_names: ['mx.scan.test', 'Scan.test'] } },
  fingerprint_sha256: LEAF_SHA.toUpperCase(),
  ...(selfSigned === undefined ? {} : { signature: { self_signed: selfSigned } }),
});
const CURRENT: [string, string] = ['2026-11-01T00:00:00Z', '2027-01-30T00:00:00Z'];
const LAPSED: [string, string] = ['2026-01-01T00:00:00Z', '2026-04-01T00:00:00Z'];

describe('probe --import-zgrab2: hand-made records with TLS', () => {
  let pki: TestPki;
  let records: ProbeRecord[];
  let problems: { line: number; reason: string }[];

  before(async () => {
    pki = makeTestPki(await tempDir('census-probe-pki-'));
    const der = (pem: string) => new X509Certificate(pem).raw.toString('base64');
    const lines = [
      // 1. Trusted and matching, as zcrypto validated it.
      tlsRecord({
        ip: '127.0.7.1',
        domain: 'mx.scan.test',
        parsed: parsed(CURRENT, false),
        validation: { browser_trusted: true, matches_domain: true },
      }),
      // 2. Unknown authority, wrong name, and lapsed at the scan's time.
      tlsRecord({
        ip: '127.0.7.2',
        domain: 'mx.other.test',
        parsed: parsed(LAPSED, false),
        validation: {
          browser_trusted: false,
          browser_error: 'x509: certificate signed by unknown authority',
          matches_domain: false,
        },
      }),
      // 3. No validation at all: only the dates are proven.
      tlsRecord({ ip: '127.0.7.3', domain: 'mx.scan.test', parsed: parsed(CURRENT) }),
      // 4. The raw DER: every check made here, as for a live probe, at the scan's time.
      tlsRecord({
        ip: '127.0.7.4',
        domain: 'mx.chain.test',
        raw: [der(pki.chained.pem), der(pki.intermediate.pem)],
      }),
      // 5. STARTTLS advertised, the handshake failed.
      tlsRecord({
        ip: '127.0.7.5',
        domain: 'mx.broken.test',
        status: 'application-error',
        error: 'remote error: tls: handshake failure',
        tls: false,
      }),
      JSON.stringify({
        ip: '127.0.7.6',
        domain: 'mx.down.test',
        data: { smtp: { status: 'connection-timeout', error: 'dial tcp: i/o timeout' } },
      }),
      '{"broken json',
      JSON.stringify({ domain: 'no-ip.test', data: { smtp: {} } }),
      JSON.stringify({ ip: '127.0.7.9', data: { http: {} } }),
    ];
    ({ records, problems } = await importLines(lines, TrustStore.withSystemRoots(pki.ca.pem)));
  });

  it('reports the lines that are not records, and reads the rest', () => {
    assert.deepEqual(problems, [
      { line: 7, reason: 'not valid JSON' },
      { line: 8, reason: 'no "ip"' },
      { line: 9, reason: 'no "data.smtp" (not a record of the smtp module)' },
    ]);
    assert.equal(records.length, 6);
  });

  it('a trusted, matching certificate is strict, with every TLS fact', () => {
    assert.deepEqual(records[0], {
      probeDay: '2026-12-02',
      probedAtMillis: Date.UTC(2026, 11, 2, 8, 30),
      source: 'zgrab2',
      mxHost: 'mx.scan.test',
      ip: '127.0.7.1',
      port: 25,
      outcome: 'ok',
      banner: '220 mx.scan.test ESMTP Postfix (Debian/GNU)',
      software: 'postfix',
      ehloKeywords: ['PIPELINING', 'STARTTLS', 'SMTPUTF8'],
      starttlsAdvertised: true,
      tlsVersion: 'TLSv1.2',
      cipher: 'ECDHE-RSA-AES128-GCM-SHA256',
      forwardSecrecy: true,
      keyExchange: 'secp256r1',
      certificate: {
        subject: 'CN=mx.scan.test',
        issuer: "C=US, O=Let's Encrypt, CN=R3",
        sans: ['mx.scan.test', 'scan.test'],
        notBeforeMillis: Date.UTC(2026, 10, 1),
        notAfterMillis: Date.UTC(2027, 0, 30),
        sha256: LEAF_SHA,
        chainSha256: [LEAF_SHA],
      },
      verdicts: { selfSigned: false, untrustedCa: false, nameMismatch: false, expired: false },
      strict: true,
      error: null,
      attempts: 0,
      durationMillis: null,
    });
  });

  it('failed checks are read from the validation and the dates', () => {
    assert.deepEqual(records[1]!.verdicts, {
      selfSigned: false,
      untrustedCa: true,
      nameMismatch: true,
      expired: true,
    });
    assert.equal(records[1]!.strict, false);
    assert.equal(records[1]!.outcome, 'ok');
  });

  it('what the record does not prove stays unknown', () => {
    assert.deepEqual(records[2]!.verdicts, {
      selfSigned: null,
      untrustedCa: null,
      nameMismatch: null,
      expired: false,
    });
    assert.equal(records[2]!.strict, null);
  });

  it('with the raw certificates, the checks are made as for a live probe', () => {
    const r = records[3]!;
    assert.deepEqual(r.verdicts, {
      selfSigned: false,
      untrustedCa: false,
      nameMismatch: false,
      expired: false,
    });
    assert.equal(r.strict, true);
    assert.deepEqual(r.certificate, {
      subject: 'O=Census, CN=mx.chain.test',
      issuer: 'O=Census, CN=Census Test Intermediate',
      sans: ['mx.chain.test'],
      notBeforeMillis: Date.UTC(2020, 0, 1),
      notAfterMillis: Date.UTC(2040, 0, 1),
      sha256: pki.chained.sha256,
      chainSha256: [pki.chained.sha256, pki.intermediate.sha256],
    });
  });

  it('a failed handshake and an unreachable host keep their errors', () => {
    assert.deepEqual(
      [
        records[4]!.outcome,
        records[4]!.error,
        records[4]!.starttlsAdvertised,
        records[4]!.tlsVersion,
      ],
      ['handshake-failed', 'remote error: tls: handshake failure', true, null],
    );
    assert.deepEqual(
      [records[5]!.outcome, records[5]!.error, records[5]!.banner, records[5]!.probedAtMillis],
      ['unreachable', 'dial tcp: i/o timeout', null, TEST_NOW],
    );
  });
});
