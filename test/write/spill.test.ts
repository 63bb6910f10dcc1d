import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import fc from 'fast-check';
import { domainFacts } from '../../pipeline/enrich/domain.js';
import { STAGING_COLUMNS } from '../../pipeline/write/columns.js';
import { runs } from '../fuzz/config.js';
import type { Delivery } from '../../pipeline/model/delivery.js';
import { DeliverySpill, readSpillSql, SPILL_NULL } from '../../pipeline/write/spill.js';

const HOSTILE = 'a\tb"c\nd\re \\N';
// The input file and dialect every row of a test spill shares (as delivery() fills them in).
const PER_FILE = { dialect: 'postfix', sourceFile: 'abc123' };

function delivery(overrides: Partial<Delivery>): Delivery {
  return {
    timeMillis: Date.UTC(2026, 11, 1, 10, 0, 0),
    logHost: 'out1',
    dialect: 'postfix',
    queueId: 'Q1',
    recipientDomain: 'example.org',
    recipientAddress: 'jane@example.org',
    recipientPseudonym: 'f00d',
    mxHost: 'mx.example.org',
    ip: '192.0.2.1',
    port: 25,
    status: 'sent',
    dsn: '2.0.0',
    starttls: 'opportunistic',
    evidence: 'reasons',
    verdicts: { selfSigned: true, untrustedCa: false, nameMismatch: null, expired: false },
    trustLogged: 'Untrusted',
    verifyText: 'self-signed certificate',
    tlsVersionLogged: 'TLSv1.2',
    tlsVersion: 'TLSv1.2',
    cipherLogged: 'AES128-SHA',
    cipher: 'AES128-SHA',
    forwardSecrecy: false,
    keyExchange: null,
    software: 'postfix',
    connectionUse: 3,
    sourceFile: 'abc123',
    sourceOffset: 1234,
    sourceLine: 56,
    ...overrides,
  };
}

describe('the delivery spill', () => {
  it('round-trips every column through DuckDB, hostile text and nulls included', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'census-spill-'));
    const file = path.join(dir, 'rows.tsv');
    const spill = new DeliverySpill(file, PER_FILE);
    spill.add(delivery({}));
    spill.add(delivery({ verifyText: HOSTILE, logHost: SPILL_NULL, mxHost: null, port: null }));
    spill.close();

    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    const reader = await connection.runAndReadAll(`SELECT * FROM ${readSpillSql(file, PER_FILE)}`);
    const [first, second] = reader.getRowObjectsJS();
    assert.deepEqual(first, {
      time_ms: BigInt(Date.UTC(2026, 11, 1, 10, 0, 0)),
      log_host: 'out1',
      dialect: 'postfix',
      queue_id: 'Q1',
      recipient_domain: 'example.org',
      registrable_domain: 'example.org',
      tld: 'org',
      recipient_pseudonym: 'f00d',
      mx_host: 'mx.example.org',
      mx_registrable_domain: 'example.org',
      ip: '192.0.2.1',
      port: 25,
      status: 'sent',
      dsn: '2.0.0',
      starttls: 'opportunistic',
      evidence: 'reasons',
      cert_self_signed: true,
      cert_untrusted_ca: false,
      cert_name_mismatch: null,
      cert_expired: false,
      trust_logged: 'Untrusted',
      verify_text: 'self-signed certificate',
      tls_version_logged: 'TLSv1.2',
      tls_version: 'TLSv1.2',
      cipher_logged: 'AES128-SHA',
      cipher: 'AES128-SHA',
      forward_secrecy: false,
      key_exchange: null,
      software: 'postfix',
      connection_use: 3,
      source_file: 'abc123',
      source_offset: 1234n,
      source_line: 56n,
    });
    // In the table's order, the per-file columns in their places.
    assert.deepEqual(
      Object.keys(first!),
      STAGING_COLUMNS.map((c) => c.name),
    );
    assert.equal(second?.verify_text, HOSTILE);
    assert.equal(second?.log_host, SPILL_NULL);
    assert.equal(second?.mx_host, null);
    assert.equal(second?.mx_registrable_domain, null);
    assert.equal(second?.port, null);
    connection.closeSync();
    instance.closeSync();
  });

  it('gives back any text and integer it was given', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'census-spill-'));
    // Text of every kind: ASCII, the four characters that force quoting, the null marker,
    // characters of two, three and four UTF-8 bytes, and the empty string.
    const piece = fc.constantFrom(
      'a',
      'Z',
      '.',
      ' ',
      '\t',
      '\n',
      '\r',
      '"',
      '\\N',
      '\\',
      'é',
      '€',
      '𝄞',
      '',
    );
    const text = fc.oneof(
      fc.array(piece, { maxLength: 12 }).map((parts) => parts.join('')),
      fc.string({ unit: 'binary', maxLength: 20 }),
    );
    const maybe = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: null });
    const row = fc.record({
      timeMillis: fc.integer({ min: -1e12, max: 4e12 }),
      logHost: text,
      queueId: text,
      recipientDomain: text,
      mxHost: maybe(text),
      ip: maybe(text),
      port: maybe(fc.integer({ min: 0, max: 65535 })),
      verifyText: maybe(text),
      cipher: maybe(text),
      connectionUse: maybe(fc.integer({ min: 1, max: 1000 })),
      sourceOffset: fc.maxSafeNat(),
      sourceLine: fc.maxSafeNat(),
    });
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 30 }), async (rows) => {
        const file = path.join(dir, `rows-${run++}.tsv`);
        const spill = new DeliverySpill(file, PER_FILE);
        for (const r of rows) spill.add(delivery(r));
        spill.close();
        assert.equal(spill.rowCount, rows.length);
        const back = await readBack(file, spill.longestRowBytes);
        assert.equal(back.length, rows.length);
        rows.forEach((r, i) => {
          const b = back[i]!;
          assert.equal(b.time_ms, BigInt(r.timeMillis));
          assert.equal(b.log_host, r.logHost);
          assert.equal(b.queue_id, r.queueId);
          assert.equal(b.recipient_domain, r.recipientDomain);
          assert.equal(b.registrable_domain, domainFacts(r.recipientDomain).registrableDomain);
          assert.equal(b.mx_host, r.mxHost);
          assert.equal(b.ip, r.ip);
          assert.equal(b.port, r.port);
          assert.equal(b.verify_text, r.verifyText);
          assert.equal(b.cipher, r.cipher);
          assert.equal(b.connection_use, r.connectionUse);
          assert.equal(b.source_offset, BigInt(r.sourceOffset));
          assert.equal(b.source_line, BigInt(r.sourceLine));
        });
      }),
      runs(60),
    );
  });

  it("gives every row its file's dialect and source file, and refuses another file's row", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'census-spill-'));
    const file = path.join(dir, 'rows.tsv');
    // A quote in the literal must survive the SQL it is written into.
    const perFile = { dialect: 'exim', sourceFile: "it's-1" };
    const spill = new DeliverySpill(file, perFile);
    spill.add(delivery({ dialect: 'exim', sourceFile: "it's-1", sourceLine: 1 }));
    spill.add(delivery({ dialect: 'exim', sourceFile: "it's-1", sourceLine: 2 }));
    assert.throws(
      () => spill.add(delivery({ dialect: 'exim', sourceFile: 'other', sourceLine: 3 })),
      /row of input other cannot join the spill of exim input it's-1/,
    );
    assert.throws(() => spill.add(delivery({ sourceFile: "it's-1", sourceLine: 4 })), /postfix/);
    spill.close();
    assert.equal(spill.rowCount, 2);
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    const reader = await connection.runAndReadAll(
      `SELECT dialect, source_file, source_line FROM ${readSpillSql(file, perFile)}`,
    );
    assert.deepEqual(reader.getRowObjectsJS(), [
      { dialect: 'exim', source_file: "it's-1", source_line: 1n },
      { dialect: 'exim', source_file: "it's-1", source_line: 2n },
    ]);
    connection.closeSync();
    instance.closeSync();
  });

  it('keeps rows whole and in order across buffer flushes and past the buffer', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'census-spill-'));
    const file = path.join(dir, 'rows.tsv');
    const spill = new DeliverySpill(file, PER_FILE);
    // 20,000 rows of about 700 bytes cross the 4 MB buffer several times at arbitrary points;
    // one field of 5 MB cannot fit in it at all.
    const long = 'é'.repeat(2_500_000);
    const rows = 20_000;
    for (let i = 0; i < rows; i++) {
      const verifyText = i === 7_777 ? long : `certificate ${i} `.repeat(25);
      spill.add(delivery({ verifyText, sourceLine: i }));
    }
    spill.close();
    const back = await readBack(file, spill.longestRowBytes);
    assert.equal(back.length, rows);
    back.forEach((b, i) => {
      assert.equal(b.source_line, BigInt(i));
      assert.equal(b.verify_text, i === 7_777 ? long : `certificate ${i} `.repeat(25));
    });
    // The long row: its field of 5,000,000 bytes, and the rest as in the first test's row, but
    // for the dialect and the source file, which the spill does not write.
    const others = Buffer.byteLength(
      [
        Date.UTC(2026, 11, 1, 10, 0, 0),
        'out1',
        'Q1',
        'example.org',
        'example.org',
        'org',
        'f00d',
        'mx.example.org',
        'example.org',
        '192.0.2.1',
        25,
        'sent',
        '2.0.0',
        'opportunistic',
        'reasons',
        'true',
        'false',
        '\\N',
        'false',
        'Untrusted',
        'TLSv1.2',
        'TLSv1.2',
        'AES128-SHA',
        'AES128-SHA',
        'false',
        '\\N',
        'postfix',
        3,
        1234,
        7777,
      ].join('\t'),
    );
    assert.equal(spill.longestRowBytes, others + 1 + 5_000_000 + 1);
  });
});

async function readBack(file: string, longestRowBytes: number): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(
      `SELECT * FROM ${readSpillSql(file, PER_FILE, longestRowBytes)}`,
    );
    return reader.getRowObjectsJS();
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
