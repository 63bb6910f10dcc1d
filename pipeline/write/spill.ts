import { closeSync, openSync, writeSync } from 'node:fs';
import type { Delivery } from '../model/delivery.js';
import { domainFacts } from '../enrich/domain.js';
import { stagingColumnsSql } from './columns.js';

const FLUSH_BYTES = 4 << 20;
const NEEDS_QUOTES = /[\t\n\r"]/;
export const SPILL_NULL = '\\N';

/**
 * Deliveries written as tab-separated text to a scratch file, which DuckDB's CSV reader then
 * loads in bulk. Crossing from JavaScript into DuckDB value by value (its appender) costs far
 * more than writing text that DuckDB parses on its own threads.
 */
export class DeliverySpill {
  private readonly fd: number;
  private readonly buffer = Buffer.allocUnsafe(FLUSH_BYTES + 64 * 1024);
  private used = 0;
  private rows = 0;
  private longest = 0;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'w');
  }

  add(d: Delivery): void {
    const line = rowText(d);
    if (this.used + line.length * 3 > this.buffer.length) {
      this.flush();
      if (line.length * 3 > this.buffer.length) {
        this.longest = Math.max(this.longest, writeSync(this.fd, line));
        this.rows++;
        return;
      }
    }
    const bytes = this.buffer.write(line, this.used);
    this.used += bytes;
    if (bytes > this.longest) this.longest = bytes;
    this.rows++;
    if (this.used >= FLUSH_BYTES) this.flush();
  }

  get rowCount(): number {
    return this.rows;
  }

  /** Bytes of the longest row written, its newline included. */
  get longestRowBytes(): number {
    return this.longest;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }

  private flush(): void {
    if (this.used === 0) return;
    writeSync(this.fd, this.buffer, 0, this.used);
    this.used = 0;
  }
}

/**
 * One row, in STAGING_COLUMNS order. Written out field by field rather than by looping over the
 * column list: this runs once per delivery, and one template builds far less garbage.
 */
function rowText(d: Delivery): string {
  const v = d.verdicts;
  const recipient = domainFacts(d.recipientDomain);
  const mx = d.mxHost === null ? null : domainFacts(d.mxHost);
  return (
    `${d.timeMillis}\t${t(d.logHost)}\t${d.dialect}\t${t(d.queueId)}\t${t(d.recipientDomain)}\t` +
    `${t(recipient.registrableDomain)}\t${t(recipient.tld)}\t${t(d.recipientPseudonym)}\t` +
    `${t(d.mxHost)}\t` +
    `${t(mx === null ? null : mx.registrableDomain)}\t` +
    `${t(d.ip)}\t${n(d.port)}\t${d.status}\t${t(d.dsn)}\t${d.starttls}\t` +
    `${d.evidence}\t${b(v.selfSigned)}\t${b(v.untrustedCa)}\t${b(v.nameMismatch)}\t` +
    `${b(v.expired)}\t${t(d.trustLogged)}\t${t(d.verifyText)}\t${t(d.tlsVersionLogged)}\t` +
    `${t(d.tlsVersion)}\t${t(d.cipherLogged)}\t${t(d.cipher)}\t${b(d.forwardSecrecy)}\t` +
    `${t(d.keyExchange)}\t${t(d.software)}\t${n(d.connectionUse)}\t${d.sourceFile}\t` +
    `${d.sourceOffset}\t${d.sourceLine}\n`
  );
}

function t(value: string | null): string {
  return value === null ? SPILL_NULL : encodeText(value);
}

function n(value: number | null): string {
  return value === null ? SPILL_NULL : String(value);
}

function b(value: boolean | null): string {
  return value === null ? SPILL_NULL : value ? 'true' : 'false';
}

function encodeText(value: string): string {
  if (value === SPILL_NULL || NEEDS_QUOTES.test(value)) return `"${value.replaceAll('"', '""')}"`;
  return value;
}

/**
 * The DuckDB table function call that reads a spill file back, typed by STAGING_COLUMNS. Its
 * read buffer is sized to the spill's longest row rather than left at DuckDB's default, which
 * alone would take more memory than the rest of the ingest.
 */
export function readSpillSql(file: string, longestRowBytes = 0): string {
  const maxLine = Math.max(1 << 20, 2 * longestRowBytes);
  const buffer = Math.max(4 << 20, 2 * maxLine);
  return (
    `read_csv('${file.replaceAll("'", "''")}', delim = '\\t', quote = '"', escape = '"', ` +
    `header = false, nullstr = '${SPILL_NULL}', allow_quoted_nulls = false, ` +
    `columns = ${stagingColumnsSql()}, auto_detect = false, ` +
    `max_line_size = ${maxLine}, buffer_size = ${buffer})`
  );
}
