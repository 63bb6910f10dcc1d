import type { DeliveryStatus } from '../../model/delivery.js';
import type { ProblemCode } from '../dialect.js';
import { isLoopback, splitRelayField } from './relay.js';

/**
 * Reads sendmail's delivery record (deliver.c logdelivery):
 * `QID: to=<r1>,<r2>, [ctladdr=<a> (u/g), ]delay=D, xdelay=D, mailer=M, pri=N,
 * relay=H. [IP], dsn=X.Y.Z, [reply=..., ]stat=Sent (<reply to DATA>)`.
 * A long recipient list is split over several lines, each ending its list with `, [more]`.
 */
export interface DeliveryMessage {
  kind: 'delivery';
  queueId: string;
  /** As logged, one per recipient: `<ann@example.org>`, `bob@example.net`. */
  recipients: string[];
  mailer: string | null;
  /** The relay host as logged, e.g. `mx.example.com.`, `[192.0.2.1]`; null when none. */
  relayHost: string | null;
  ip: string | null;
  dsn: string | null;
  status: DeliveryStatus;
  /** The whole `stat=` text, e.g. `Deferred: 403 4.7.0 TLS handshake failed.` */
  statusText: string;
  /** The server's reply to DATA without its codes, from `Sent (...)`; empty otherwise. */
  reply: string;
  /** `xdelay=`: how long this delivery's connection and transaction took. */
  xdelaySeconds: number | null;
}

export type DeliveryLineReading =
  | DeliveryMessage
  | { kind: 'irrelevant' }
  | { kind: 'malformed'; code: ProblemCode; reason: string };

// Mailers that deliver on this machine rather than over SMTP to another host.
const LOCAL_MAILERS = new Set([
  'local',
  'prog',
  '*file*',
  '*include*',
  'procmail',
  'maildrop',
  'cyrus',
  'cyrusv2',
  'lmtp',
  'dovecot',
  'discard',
  'error',
]);

const FIELDS_START = /, (?:ctladdr|delay)=/;
const INTERVAL = /^(?:(\d+)\+)?(\d+):(\d\d):(\d\d)$/;

/** Reads the text after `QID: ` of a line that starts with `to=`. */
export function readDeliveryLine(queueId: string, rest: string): DeliveryLineReading {
  const fieldsAt = fieldsStart(rest);
  const statAt = rest.indexOf(', stat=', Math.max(fieldsAt, 0));
  if (statAt < 0) return malformed('to= line without stat=');
  if (fieldsAt < 0) return malformed('to= line without delay=');

  const recipients = splitRecipients(rest.slice(3, fieldsAt).replace(/,? \[more\]$/, ''));
  if (recipients.length === 0) return malformed('to= line without a recipient');

  let fields = rest.slice(fieldsAt + 2, statAt);
  // `reply=` (8.17+) repeats the server's error text, which may hold anything; stat= has it too.
  const replyAt = fields.indexOf(', reply=');
  if (replyAt >= 0) fields = fields.slice(0, replyAt);
  const values = new Map<string, string>();
  for (const field of fields.split(', ')) {
    const eq = field.indexOf('=');
    if (eq > 0) values.set(field.slice(0, eq), field.slice(eq + 1));
  }

  const statusText = rest.slice(statAt + 7).trim();
  const dsn = values.get('dsn') ?? null;
  const status = readStatus(statusText, dsn);
  if (status === null) return IRRELEVANT;

  const mailer = values.get('mailer') ?? null;
  if (mailer === null || LOCAL_MAILERS.has(mailer)) return IRRELEVANT;
  const relayField = values.get('relay');
  const relay = relayField ? splitRelayField(relayField) : null;
  // The submission program hands every message to the local MTA with the `relay` mailer: not an
  // outbound hop. A route of this MTA to a loopback address counts like Postfix and Exim's do.
  if (mailer === 'relay' && relay && isLoopback(relay.host, relay.ip)) return IRRELEVANT;

  const sent = /^Sent \((.*)\)$/s.exec(statusText);
  return {
    kind: 'delivery',
    queueId,
    recipients,
    mailer,
    relayHost: relay?.host ?? null,
    ip: relay?.ip ?? null,
    dsn,
    status,
    statusText,
    reply: sent ? (sent[1] ?? '') : '',
    xdelaySeconds: readInterval(values.get('xdelay')),
  };
}

/** `Sent (...)` and `Deferred: ...` say it; other texts are errors, permanent unless dsn=4.x. */
function readStatus(text: string, dsn: string | null): DeliveryStatus | null {
  if (text === 'Sent' || text.startsWith('Sent ')) return 'sent';
  if (text.startsWith('Deferred')) return 'deferred';
  // Logged when a message is queued or quarantined: no delivery was attempted.
  if (text === 'queued' || text === 'quarantined') return null;
  if (dsn !== null && dsn.startsWith('4')) return 'deferred';
  return 'bounced';
}

/**
 * Where the fields after the `to=` list begin: the first `, ctladdr=` or `, delay=` outside quotes
 * and angle brackets, as a quoted local part may hold either. Where quotes do not balance, the
 * first one anywhere.
 */
function fieldsStart(rest: string): number {
  let depth = 0;
  let quoted = false;
  for (let i = 3; i < rest.length; i++) {
    const c = rest[i];
    if (c === '"' && rest[i - 1] !== '\\') quoted = !quoted;
    else if (quoted) continue;
    else if (c === '<') depth++;
    else if (c === '>') depth = Math.max(0, depth - 1);
    else if (c === ',' && depth === 0 && startsFields(rest, i)) return i;
  }
  return rest.search(FIELDS_START);
}

function startsFields(text: string, at: number): boolean {
  return text.startsWith(', delay=', at) || text.startsWith(', ctladdr=', at);
}

/** The addresses of a `to=` list, split at commas outside quotes and angle brackets. */
export function splitRecipients(list: string): string[] {
  const recipients: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < list.length; i++) {
    const c = list[i];
    if (c === '"' && list[i - 1] !== '\\') quoted = !quoted;
    else if (quoted) continue;
    else if (c === '<') depth++;
    else if (c === '>') depth = Math.max(0, depth - 1);
    else if (c === ',' && depth === 0) {
      recipients.push(list.slice(start, i));
      start = i + 1;
    }
  }
  recipients.push(list.slice(start));
  return recipients.map((r) => r.trim()).filter((r) => r !== '');
}

/** The address inside `<...>`, or the text itself. */
export function bareAddress(recipient: string): string {
  const m = /<([^<>]*)>\s*$/.exec(recipient);
  return m ? (m[1] ?? '') : recipient;
}

/** sendmail's `pintvl` form: `HH:MM:SS`, with `D+` in front past a day. */
function readInterval(text: string | undefined): number | null {
  const m = text === undefined ? null : INTERVAL.exec(text);
  if (!m) return null;
  const days = m[1] === undefined ? 0 : Number(m[1]);
  return ((days * 24 + Number(m[2])) * 60 + Number(m[3])) * 60 + Number(m[4]);
}

const IRRELEVANT = Object.freeze({ kind: 'irrelevant' as const });

function malformed(reason: string): DeliveryLineReading {
  return { kind: 'malformed', code: 'unrecognized-line', reason };
}
