import {
  DuckDBDateValue,
  DuckDBTimestampValue,
  LIST,
  VARCHAR,
  type DuckDBAppender,
} from '@duckdb/node-api';
import type { ProbeRecord } from './record.js';

/**
 * The probe table's columns, in file order: the one place that ties a ProbeRecord field to its
 * stored name and type. docs/probe.md explains each.
 */
export interface ProbeColumn {
  name: string;
  sqlType: 'VARCHAR' | 'VARCHAR[]' | 'INTEGER' | 'BIGINT' | 'BOOLEAN' | 'DATE' | 'TIMESTAMP';
  append: (appender: DuckDBAppender, record: ProbeRecord) => void;
}

type Get<T> = (r: ProbeRecord) => T | null;

function nullable<T>(
  name: string,
  sqlType: ProbeColumn['sqlType'],
  get: Get<T>,
  put: (a: DuckDBAppender, v: T) => void,
): ProbeColumn {
  return {
    name,
    sqlType,
    append: (a, r) => {
      const v = get(r);
      if (v === null) a.appendNull();
      else put(a, v);
    },
  };
}

const text = (name: string, get: Get<string>) =>
  nullable(name, 'VARCHAR', get, (a, v) => a.appendVarchar(v));
const texts = (name: string, get: Get<string[]>) =>
  nullable(name, 'VARCHAR[]', get, (a, v) => a.appendList(v, LIST(VARCHAR)));
const integer = (name: string, get: Get<number>) =>
  nullable(name, 'INTEGER', get, (a, v) => a.appendInteger(v));
const flag = (name: string, get: Get<boolean>) =>
  nullable(name, 'BOOLEAN', get, (a, v) => a.appendBoolean(v));
const timestamp = (name: string, get: Get<number>) =>
  nullable(name, 'TIMESTAMP', get, (a, v) =>
    a.appendTimestamp(new DuckDBTimestampValue(BigInt(Math.round(v)) * 1000n)),
  );
const date = (name: string, get: Get<string>) =>
  nullable(name, 'DATE', get, (a, v) =>
    a.appendDate(new DuckDBDateValue(Math.round(Date.parse(`${v}T00:00:00Z`) / 86_400_000))),
  );

export const PROBE_COLUMNS: ProbeColumn[] = [
  date('probe_day', (r) => r.probeDay),
  timestamp('probed_at', (r) => r.probedAtMillis),
  text('source', (r) => r.source),
  text('mx_host', (r) => r.mxHost),
  text('ip', (r) => r.ip),
  integer('port', (r) => r.port),
  text('outcome', (r) => r.outcome),
  text('banner', (r) => r.banner),
  text('software', (r) => r.software),
  texts('ehlo_keywords', (r) => r.ehloKeywords),
  flag('starttls_advertised', (r) => r.starttlsAdvertised),
  text('tls_version', (r) => r.tlsVersion),
  text('cipher', (r) => r.cipher),
  flag('forward_secrecy', (r) => r.forwardSecrecy),
  text('key_exchange', (r) => r.keyExchange),
  text('cert_subject', (r) => r.certificate?.subject ?? null),
  text('cert_issuer', (r) => r.certificate?.issuer ?? null),
  texts('cert_sans', (r) => r.certificate?.sans ?? null),
  timestamp('cert_not_before', (r) => r.certificate?.notBeforeMillis ?? null),
  timestamp('cert_not_after', (r) => r.certificate?.notAfterMillis ?? null),
  text('cert_sha256', (r) => r.certificate?.sha256 ?? null),
  texts('chain_sha256', (r) => r.certificate?.chainSha256 ?? null),
  flag('cert_self_signed', (r) => r.verdicts.selfSigned),
  flag('cert_untrusted_ca', (r) => r.verdicts.untrustedCa),
  flag('cert_name_mismatch', (r) => r.verdicts.nameMismatch),
  flag('cert_expired', (r) => r.verdicts.expired),
  flag('strict', (r) => r.strict),
  text('error', (r) => r.error),
  integer('attempts', (r) => r.attempts),
  integer('duration_ms', (r) => r.durationMillis),
];

export function probeTableSql(table: string): string {
  const columns = PROBE_COLUMNS.map((c) => `${c.name} ${c.sqlType}`).join(', ');
  return `CREATE OR REPLACE TEMP TABLE ${table} (${columns})`;
}
