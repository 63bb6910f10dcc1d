import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Delivery } from '../../pipeline/model/delivery.js';
import { DeliverySpill, readSpillSql, SPILL_NULL } from '../../pipeline/write/spill.js';

const HOSTILE = 'a\tb"c\nd\re \\N';

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
    const spill = new DeliverySpill(file);
    spill.add(delivery({}));
    spill.add(delivery({ verifyText: HOSTILE, logHost: SPILL_NULL, mxHost: null, port: null }));
    spill.close();

    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    const reader = await connection.runAndReadAll(`SELECT * FROM ${readSpillSql(file)}`);
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
    assert.equal(second?.verify_text, HOSTILE);
    assert.equal(second?.log_host, SPILL_NULL);
    assert.equal(second?.mx_host, null);
    assert.equal(second?.mx_registrable_domain, null);
    assert.equal(second?.port, null);
    connection.closeSync();
    instance.closeSync();
  });
});
