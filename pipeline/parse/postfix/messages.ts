import { isIP } from 'node:net';
import { cutText } from '../text.js';

/**
 * The messages of Postfix's smtp(8) client that carry STARTTLS evidence or a delivery, read
 * from the text after the syslog header. Shapes follow Postfix 2.x to 3.11 (tls_misc.c,
 * tls_verify.c, tls_client.c, smtp_proto.c, log_adhoc.c).
 */

export type TrustLevel = 'Anonymous' | 'Untrusted' | 'Trusted' | 'Verified';

export type PostfixMessage =
  | {
      kind: 'tls-summary';
      relay: string;
      trust: TrustLevel | null;
      reused: boolean;
      protocol: string;
      cipher: string;
      keyExchange: string | null;
    }
  | { kind: 'verify-failure'; relay: string; text: string }
  | { kind: 'untrusted-resumption'; relay: string }
  | { kind: 'handshake-error'; relay: string }
  | { kind: 'cannot-start-tls'; queueId: string }
  | {
      kind: 'delivery';
      queueId: string;
      recipient: string;
      relay: string;
      connectionUse: number | null;
      tlsFeatures: string | null;
      dsn: string | null;
      status: 'sent' | 'deferred' | 'bounced';
      reply: string;
    }
  | { kind: 'irrelevant' }
  | { kind: 'malformed'; reason: string };

// `<Trust> TLS connection established|reused to H[IP]:P: PROTO with cipher C (a/b bits)[tail]`
const SUMMARY = new RegExp(
  '^(?:(Anonymous|Untrusted|Trusted|Verified) )?TLS connection (established|reused) to ' +
    '(\\S+?): (\\S+) with cipher (\\S+) \\(\\d+/\\d+ bits\\)(.*)$',
);
const VERIFY_FAILURE = /^(?:server |CA )?certificate verification failed for (\S+?): (.*)$/;
const UNTRUSTED_RESUMPTION = /^(\S+): re-using session with untrusted peer credential/;
const HANDSHAKE_ERROR = /^SSL_connect error to (\S+?): /;
const COMMA = 44;
const BACKSLASH = 92;
const QUOTE = 34;
const CLOSE_ANGLE = 62;

const IRRELEVANT: PostfixMessage = Object.freeze({ kind: 'irrelevant' });

/** Classifies the message text of one `…/smtp[PID]:` line. */
export function readSmtpMessage(message: string): PostfixMessage {
  const idEnd = queueIdEnd(message);
  if (idEnd >= 5 && message.startsWith(': ', idEnd)) {
    return readQueueMessage(message.slice(0, idEnd), message.slice(idEnd + 2));
  }

  // Cheap first-character dispatch: most lines that matter start with these words.
  const c = message.charCodeAt(0);
  if (c === 65 || c === 85 || c === 84 || c === 86) {
    // A, U, T, V: a TLS summary, or noise that merely starts with those letters.
    if (message.includes(' TLS connection ')) return readSummary(message);
    return IRRELEVANT;
  }
  if (message.startsWith('SSL_connect error to ')) {
    const m = HANDSHAKE_ERROR.exec(message);
    return m ? { kind: 'handshake-error', relay: m[1] ?? '' } : malformed('SSL_connect error');
  }
  if (message.includes('certificate verification failed for ')) {
    const m = VERIFY_FAILURE.exec(message);
    if (!m) return malformed('certificate verification line');
    return { kind: 'verify-failure', relay: m[1] ?? '', text: cutText((m[2] ?? '').trim()) };
  }
  if (message.includes(': re-using session with untrusted peer credential')) {
    const m = UNTRUSTED_RESUMPTION.exec(message);
    return m ? { kind: 'untrusted-resumption', relay: m[1] ?? '' } : IRRELEVANT;
  }
  return IRRELEVANT;
}

/**
 * Where the run of ASCII letters and digits that opens `message` ends: a queue ID (5 or more of
 * them, then `: `) when the line is about one message. Scanned by hand, as every smtp line asks.
 */
function queueIdEnd(message: string): number {
  let i = 0;
  for (; i < message.length; i++) {
    const c = message.charCodeAt(i);
    const alphanumeric = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
    if (!alphanumeric) break;
  }
  return i;
}

function readSummary(message: string): PostfixMessage {
  const m = SUMMARY.exec(message);
  if (!m) {
    // `TLS connection established from` is the server side; anything else is a new shape.
    if (/TLS connection (established|reused) from /.test(message)) return IRRELEVANT;
    return malformed('TLS summary');
  }
  const tail = m[6] ?? '';
  const keyExchange = / key-exchange (\S+)/.exec(tail);
  return {
    kind: 'tls-summary',
    trust: (m[1] as TrustLevel | undefined) ?? null,
    reused: m[2] === 'reused',
    relay: m[3] ?? '',
    protocol: m[4] ?? '',
    cipher: m[5] ?? '',
    keyExchange: keyExchange ? (keyExchange[1] ?? null) : null,
  };
}

function readQueueMessage(queueId: string, rest: string): PostfixMessage {
  if (rest.startsWith('to=<')) return readDelivery(queueId, rest);
  if (rest.startsWith('Cannot start TLS')) return { kind: 'cannot-start-tls', queueId };
  return IRRELEVANT;
}

/**
 * `to=<rcpt>[, orig_to=<o>], relay=H[IP]:P[, conn_use=N], delay=D, delays=a/b/c/d[, tls=F],
 * dsn=X.Y.Z, status=S (reply)`. The recipient may itself contain `, ` or `>` inside quotes,
 * so the fields are found from the right-hand, fixed part of the line.
 */
function readDelivery(queueId: string, rest: string): PostfixMessage {
  const addresses = readAddresses(rest);
  if (addresses === null) return malformed('delivery line without relay=');
  const { recipient, relayAt } = addresses;

  const fields = rest.slice(relayAt + 3);
  const statusAt = fields.indexOf(' status=');
  if (statusAt < 0) return malformed('delivery line without status=');
  const statusText = fields.slice(statusAt + 8);
  const space = statusText.indexOf(' ');
  const statusWord = space < 0 ? statusText : statusText.slice(0, space);
  if (statusWord !== 'sent' && statusWord !== 'deferred' && statusWord !== 'bounced') {
    // `expired` and `undeliverable` carry no attempt of their own.
    return IRRELEVANT;
  }
  let reply = space < 0 ? '' : statusText.slice(space + 1);
  if (reply.startsWith('(') && reply.endsWith(')')) reply = reply.slice(1, -1);

  // The `key=value` fields before ` status=`, separated by `, `; only four matter. Scanned in
  // place rather than split: this runs for every delivery line.
  let relay = '';
  let connectionUse: string | null = null;
  let tlsFeatures: string | null = null;
  let dsn: string | null = null;
  for (let start = 0; start < statusAt;) {
    let end = fields.indexOf(', ', start);
    if (end < 0 || end > statusAt) end = statusAt;
    if (fields.startsWith('relay=', start)) relay = fieldValue(fields, start + 6, end);
    else if (fields.startsWith('conn_use=', start))
      connectionUse = fieldValue(fields, start + 9, end);
    else if (fields.startsWith('tls=', start)) tlsFeatures = fieldValue(fields, start + 4, end);
    else if (fields.startsWith('dsn=', start)) dsn = fieldValue(fields, start + 4, end);
    start = end + 2;
  }
  if (relay === '') return malformed('delivery line with an empty relay=');
  // A count from 1: `Number` would also take `-1`, `1e3`, `` and a count past any column.
  if (connectionUse !== null && !/^[1-9]\d{0,8}$/.test(connectionUse)) {
    return malformed('delivery line with a non-numeric conn_use=');
  }
  return {
    kind: 'delivery',
    queueId,
    recipient,
    relay,
    connectionUse: connectionUse === null ? null : Number(connectionUse),
    tlsFeatures,
    dsn,
    status: statusWord,
    reply,
  };
}

/** The value of a field from `from` to `end`; the field before ` status=` keeps its comma. */
function fieldValue(fields: string, from: number, end: number): string {
  return fields.slice(from, end > from && fields.charCodeAt(end - 1) === COMMA ? end - 1 : end);
}

/**
 * The recipient of `to=<…>[, orig_to=<…>], relay=`, and where `>, relay=` begins. A quoted local
 * part may hold `>, relay=` itself, so addresses are scanned with their quotes; where quotes do
 * not balance (Postfix before 3.5 logged local parts unquoted), the first `>, relay=` ends them.
 */
function readAddresses(rest: string): { recipient: string; relayAt: number } | null {
  const toEnd = addressEnd(rest, 4);
  if (toEnd >= 0) {
    const end = rest.startsWith('>, orig_to=<', toEnd) ? addressEnd(rest, toEnd + 12) : toEnd;
    if (end >= 0 && rest.startsWith('>, relay=', end)) {
      return { recipient: rest.slice(4, toEnd), relayAt: end };
    }
  }
  const relayAt = rest.indexOf('>, relay=');
  if (relayAt < 0) return null;
  const recipient = rest.slice(4, relayAt);
  const origAt = recipient.indexOf('>, orig_to=<');
  return { recipient: origAt < 0 ? recipient : recipient.slice(0, origAt), relayAt };
}

/** The `>` that closes an address starting at `from`, outside `"…"`; -1 when there is none. */
function addressEnd(text: string, from: number): number {
  let quoted = false;
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (quoted && c === BACKSLASH) i++;
    else if (c === QUOTE) quoted = !quoted;
    else if (c === CLOSE_ANGLE && !quoted) return i;
  }
  return -1;
}

function malformed(what: string): PostfixMessage {
  return { kind: 'malformed', reason: `unrecognized ${what}` };
}

export interface RelayParts {
  host: string;
  /** The host in lower case; null for `none` and an empty host, which name no MX host. */
  mxHost: string | null;
  ip: string | null;
  port: number | null;
}

// A sender delivers to the same MX hosts all day: each relay text is split once.
const relays = new Map<string, Readonly<RelayParts>>();
const RELAYS_LIMIT = 50_000;

/** Splits `H[IP]:P` into its parts; `none` and other relays without an address give nulls. */
export function splitRelay(relay: string): Readonly<RelayParts> {
  let parts = relays.get(relay);
  if (parts === undefined) {
    if (relays.size >= RELAYS_LIMIT) relays.clear();
    parts = Object.freeze(readRelay(relay));
    relays.set(relay, parts);
  }
  return parts;
}

function readRelay(relay: string): RelayParts {
  const open = relay.indexOf('[');
  const close = relay.lastIndexOf(']');
  if (open < 0 || close < open)
    return { host: relay, mxHost: mxHostOf(relay), ip: null, port: null };
  const portText = relay.slice(close + 1).replace(/^:/, '');
  // A port is 1 to 5 digits up to 65535; `Number` would also take `-1`, `1e3` and `99999999999`.
  const port = /^\d{1,5}$/.test(portText) && Number(portText) <= 65535 ? Number(portText) : null;
  const address = relay.slice(open + 1, close);
  // `H[private/dovecot-lmtp]` names a socket, not an address.
  const host = relay.slice(0, open);
  return { host, mxHost: mxHostOf(host), ip: isIP(address) === 0 ? null : address, port };
}

function mxHostOf(host: string): string | null {
  return host === 'none' || host === '' ? null : host.toLowerCase();
}
