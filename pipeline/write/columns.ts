import { domainFacts } from '../enrich/domain.js';
import type { Delivery } from '../model/delivery.js';
import { sqlString } from './sql-string.js';

/**
 * The delivery table's columns, in file order: the one place that ties a Delivery field to its
 * warehouse name and type. docs/columns.md explains each. The spill writes the same columns in
 * the same order (spill.ts), and a test holds the two together.
 */
export interface Column {
  name: string;
  sqlType: 'VARCHAR' | 'BIGINT' | 'INTEGER' | 'BOOLEAN';
  get: (d: Delivery) => string | number | boolean | null;
  /** The same in every row of one input file: given once to the SQL that reads the spill. */
  perFile?: 'dialect' | 'sourceFile';
}

const text = (name: string, get: (d: Delivery) => string | null): Column => ({
  name,
  sqlType: 'VARCHAR',
  get,
});
const integer = (name: string, get: (d: Delivery) => number | null): Column => ({
  name,
  sqlType: 'INTEGER',
  get,
});
const bigint = (name: string, get: (d: Delivery) => number): Column => ({
  name,
  sqlType: 'BIGINT',
  get,
});
const flag = (name: string, get: (d: Delivery) => boolean | null): Column => ({
  name,
  sqlType: 'BOOLEAN',
  get,
});

export const STAGING_COLUMNS: Column[] = [
  bigint('time_ms', (d) => d.timeMillis),
  text('log_host', (d) => d.logHost),
  { ...text('dialect', (d) => d.dialect), perFile: 'dialect' },
  text('queue_id', (d) => d.queueId),
  text('recipient_domain', (d) => d.recipientDomain),
  text('registrable_domain', (d) => domainFacts(d.recipientDomain).registrableDomain),
  text('tld', (d) => domainFacts(d.recipientDomain).tld),
  text('recipient_pseudonym', (d) => d.recipientPseudonym),
  text('mx_host', (d) => d.mxHost),
  text('mx_registrable_domain', (d) =>
    d.mxHost === null ? null : domainFacts(d.mxHost).registrableDomain,
  ),
  text('ip', (d) => d.ip),
  integer('port', (d) => d.port),
  text('status', (d) => d.status),
  text('dsn', (d) => d.dsn),
  text('starttls', (d) => d.starttls),
  text('evidence', (d) => d.evidence),
  flag('cert_self_signed', (d) => d.verdicts.selfSigned),
  flag('cert_untrusted_ca', (d) => d.verdicts.untrustedCa),
  flag('cert_name_mismatch', (d) => d.verdicts.nameMismatch),
  flag('cert_expired', (d) => d.verdicts.expired),
  text('trust_logged', (d) => d.trustLogged),
  text('verify_text', (d) => d.verifyText),
  text('tls_version_logged', (d) => d.tlsVersionLogged),
  text('tls_version', (d) => d.tlsVersion),
  text('cipher_logged', (d) => d.cipherLogged),
  text('cipher', (d) => d.cipher),
  flag('forward_secrecy', (d) => d.forwardSecrecy),
  text('key_exchange', (d) => d.keyExchange),
  text('software', (d) => d.software),
  integer('connection_use', (d) => d.connectionUse),
  { ...text('source_file', (d) => d.sourceFile), perFile: 'sourceFile' },
  bigint('source_offset', (d) => d.sourceOffset),
  bigint('source_line', (d) => d.sourceLine),
];

/** DuckDB's `columns` argument of read_csv for a spill: the columns it holds, in order. */
export function spilledColumnsSql(): string {
  const spilled = STAGING_COLUMNS.filter((c) => c.perFile === undefined);
  return `{${spilled.map((c) => `'${c.name}': '${c.sqlType}'`).join(', ')}}`;
}

/** Every staging column in order, the per-file ones as the literals of one input file. */
export function stagingSelectSql(perFile: { dialect: string; sourceFile: string }): string {
  return STAGING_COLUMNS.map((c) =>
    c.perFile === undefined ? c.name : `'${sqlString(perFile[c.perFile])}' AS ${c.name}`,
  ).join(', ');
}

/** The stored table from the staging rows: the UTC timestamp first, the rest as staged. */
export const PARTITION_SELECT = 'make_timestamp(time_ms * 1000) AS time_utc, * EXCLUDE (time_ms)';
