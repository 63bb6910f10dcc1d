import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { EMPTY_DELIVERIES } from '../../pipeline/query/views.js';
import type { CertificateVerdicts } from '../../pipeline/model/delivery.js';
import { strictFromVerdicts, type ProbeRecord } from '../../pipeline/probe/record.js';

/** A probe row made by hand: a successful probe whose checks all passed, unless overridden. */
export function handProbe(
  overrides: Partial<ProbeRecord> & { mxHost: string; ip: string; probeDay: string },
  verdicts: Partial<CertificateVerdicts> = {},
): ProbeRecord {
  const v: CertificateVerdicts = {
    selfSigned: false,
    untrustedCa: false,
    nameMismatch: false,
    expired: false,
    ...verdicts,
  };
  return {
    probedAtMillis: Date.parse(`${overrides.probeDay}T10:00:00Z`),
    source: 'probe',
    port: 25,
    outcome: 'ok',
    banner: '220 mx ESMTP Postfix',
    software: 'postfix',
    ehloKeywords: ['STARTTLS'],
    starttlsAdvertised: true,
    tlsVersion: 'TLSv1.3',
    cipher: 'TLS_AES_256_GCM_SHA384',
    forwardSecrecy: true,
    keyExchange: 'X25519',
    certificate: null,
    verdicts: v,
    strict: strictFromVerdicts(v),
    error: null,
    attempts: 1,
    durationMillis: 10,
    ...overrides,
  };
}

/** A delivery row for the join tests; columns the tests do not need are left out. */
export interface DeliveryRow {
  day: string;
  queueId: string;
  mxHost: string | null;
  ip: string | null;
  status: 'sent' | 'deferred' | 'bounced';
  starttls: string;
  evidence: string;
  /** self-signed, untrusted CA, name mismatch, expired: 'T', 'F' or 'N' (null). */
  checks: string;
  software: string | null;
}

const literal = (v: string | null) => (v === null ? 'NULL' : `'${v.replaceAll("'", "''")}'`);
const check = (c: string | undefined) => (c === 'T' ? 'true' : c === 'F' ? 'false' : 'NULL');

/**
 * Writes delivery rows as the warehouse holds them (columns not given are null), one Parquet file per day under
 * `deliveries/day=…/`, straight through DuckDB (not through the ingest code).
 */
export async function writeDeliveries(warehouse: string, rows: DeliveryRow[]): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    for (const day of [...new Set(rows.map((r) => r.day))]) {
      const values = rows
        .filter((r) => r.day === day)
        .map((r) =>
          [
            `TIMESTAMP '${r.day} 08:00:00'`,
            literal(r.queueId),
            literal('example.org'),
            literal(r.mxHost),
            literal(r.ip),
            '25',
            literal(r.status),
            literal(r.starttls),
            literal(r.evidence),
            ...[0, 1, 2, 3].map((i) => check(r.checks[i])),
            literal(r.software),
          ].join(', '),
        )
        .map((row) => `(${row})`)
        .join(',\n');
      const dir = path.join(warehouse, 'deliveries', `day=${day}`);
      await mkdir(dir, { recursive: true });
      await connection.run(
        `COPY (SELECT * EXCLUDE (day) FROM (${EMPTY_DELIVERIES}) WHERE false
           UNION ALL BY NAME
           SELECT time_utc::TIMESTAMP AS time_utc, queue_id::VARCHAR AS queue_id,
             recipient_domain::VARCHAR AS recipient_domain, mx_host::VARCHAR AS mx_host,
             ip::VARCHAR AS ip, port::INTEGER AS port, status::VARCHAR AS status,
             starttls::VARCHAR AS starttls, evidence::VARCHAR AS evidence,
             cert_self_signed::BOOLEAN AS cert_self_signed,
             cert_untrusted_ca::BOOLEAN AS cert_untrusted_ca,
             cert_name_mismatch::BOOLEAN AS cert_name_mismatch,
             cert_expired::BOOLEAN AS cert_expired, software::VARCHAR AS software
           FROM (VALUES ${values}) t(time_utc, queue_id, recipient_domain, mx_host, ip, port,
             status, starttls, evidence, cert_self_signed, cert_untrusted_ca,
             cert_name_mismatch, cert_expired, software))
         TO '${path.join(dir, 'fixture.parquet')}' (FORMAT parquet)`,
      );
    }
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
