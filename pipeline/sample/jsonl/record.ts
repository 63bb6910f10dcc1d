/**
 * A canonical record (docs/canonical-jsonl.md) as one line, members in the documented order.
 * Members a producer does not write are undefined and left out.
 */
export interface CanonicalFields {
  /** RFC 3339 with milliseconds, in UTC. */
  time: string;
  host: string;
  queueId: string;
  /** `recipient_domain`, or the whole `recipient` from producers that write it. */
  recipient: { field: 'recipient_domain' | 'recipient'; value: string };
  mxHost: string;
  ip: string;
  status: 'sent' | 'deferred' | 'bounced';
  dsn: string;
  reply: string;
  banner: string | undefined;
  advertised: boolean | undefined;
  connectionUse: number | undefined;
  /** The `tls` member as JSON text. */
  tls: string | undefined;
}

export const FORMAT = 'starttls-census/v1';

/**
 * The record as one line, built as text: the `tls` member comes ready-made from the session,
 * and every other value but the reply and the greeting is a name, address, id or code the
 * generator makes, none with a character JSON escapes.
 */
export function canonicalRecord(f: CanonicalFields): string {
  return (
    `{"format":"${FORMAT}","time":"${f.time}","host":"${f.host}","queue_id":"${f.queueId}",` +
    `"${f.recipient.field}":"${f.recipient.value}","mx_host":"${f.mxHost}","ip":"${f.ip}",` +
    `"port":25,"status":"${f.status}","dsn":"${f.dsn}","reply":${JSON.stringify(f.reply)}` +
    (f.banner === undefined ? '' : `,"banner":${JSON.stringify(f.banner)}`) +
    (f.advertised === undefined ? '' : `,"starttls_advertised":${f.advertised}`) +
    (f.connectionUse === undefined ? '' : `,"connection_use":${f.connectionUse}`) +
    (f.tls === undefined ? '' : `,"tls":${f.tls}`) +
    '}\n'
  );
}
