import { isIP } from 'node:net';
import type { DeliveryStatus } from '../../model/delivery.js';
import { recipientDomain } from '../../enrich/recipient.js';
import { describeJson, isJsonObject, type JsonObject } from '../json/value.js';
import { parseRfc3339 } from '../json/rfc3339.js';

/** Every `type` KumoMTA writes (docs/reference/log_record.md, kumo-log-types `RecordType`). */
export const KUMO_RECORD_TYPES = [
  'Reception',
  'Delivery',
  'Bounce',
  'TransientFailure',
  'Expiration',
  'AdminBounce',
  'OOB',
  'Feedback',
  'Rejection',
  'AdminRebind',
  'DeferredInjectionRebind',
  'Delay',
  'Delayed',
  'XferOut',
  'XferIn',
] as const;

/** The record types that describe an outbound delivery attempt, and the status each means. */
const STATUS_OF_TYPE = {
  Delivery: 'sent',
  TransientFailure: 'deferred',
  Bounce: 'bounced',
  Expiration: 'bounced',
  AdminBounce: 'bounced',
} as const satisfies Record<string, DeliveryStatus>;

export type AttemptType = keyof typeof STATUS_OF_TYPE;

export interface Peer {
  /** The MX name, lower case, without the trailing dot. */
  name: string | null;
  addr: string | null;
}

/** A record of a delivery attempt, read and checked; recipients reduced to their domains. */
export interface AttemptRecord {
  type: AttemptType;
  status: DeliveryStatus;
  id: string;
  /** Each recipient's domain, and the address it came from (kept in memory only). */
  recipients: { domain: string; address: string }[];
  timeMillis: number;
  peer: Peer | null;
  dsn: string | null;
  content: string;
  tlsCipher: string | null;
  tlsProtocolVersion: string | null;
  /** The SMTP session (2025.01.23 and later): the same for every record of one connection. */
  sessionId: string | null;
  logHost: string;
}

export type RecordReading =
  | { kind: 'attempt'; record: AttemptRecord }
  | { kind: 'skip' }
  | { kind: 'invalid'; reason: string };

/**
 * Reads one KumoMTA log record. Records of other types (receptions, feedback, rebinds, and
 * types added after this was written) are skipped; expirations and administrative bounces only
 * describe an attempt when they name the peer the message was last tried at.
 */
export function readKumoRecord(obj: JsonObject): RecordReading {
  try {
    return readAttempt(obj);
  } catch (error) {
    if (error instanceof RecordProblem) return { kind: 'invalid', reason: error.message };
    throw error;
  }
}

/** A field that is missing or malformed; the message names it. Never leaves this module. */
class RecordProblem extends Error {}

function readAttempt(obj: JsonObject): RecordReading {
  const type = obj.type;
  if (typeof type !== 'string') throw expected('type', 'a string', type);
  if (!isAttemptType(type)) return { kind: 'skip' };

  const peer = readPeer(obj.peer_address);
  if (peer === null && (type === 'Expiration' || type === 'AdminBounce')) return { kind: 'skip' };

  const id = obj.id;
  if (typeof id !== 'string' || id === '') throw expected('id', 'a queue id', id);
  const response = readResponse(obj.response);

  return {
    kind: 'attempt',
    record: {
      type,
      status: STATUS_OF_TYPE[type],
      id,
      recipients: readRecipients(obj.recipient),
      timeMillis: readTime(obj),
      peer,
      dsn: response.dsn,
      content: response.content,
      tlsCipher: optionalText(obj, 'tls_cipher'),
      tlsProtocolVersion: optionalText(obj, 'tls_protocol_version'),
      sessionId: optionalText(obj, 'session_id'),
      logHost: logHost(obj),
    },
  };
}

function isAttemptType(type: string): type is AttemptType {
  return Object.hasOwn(STATUS_OF_TYPE, type);
}

function expected(field: string, what: string, got: unknown): RecordProblem {
  if (got === undefined) return new RecordProblem(`${field}: missing`);
  return new RecordProblem(`${field}: expected ${what}, got ${describeJson(got)}`);
}

/** The domain of each recipient: `recipient` is one address, or a list since 2025.12.02. */
function readRecipients(value: unknown): { domain: string; address: string }[] {
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || list.length === 0) {
    throw expected('recipient', 'an address or a list of addresses', value);
  }
  return list.map((address: unknown, i) => {
    const field = typeof value === 'string' ? 'recipient' : `recipient[${i}]`;
    if (typeof address !== 'string') throw expected(field, 'an address', address);
    const bare = address.replace(/^<(.*)>$/s, '$1');
    const domain = recipientDomain(bare);
    // The address stays out of the message: without a domain it is all local part.
    if (domain === null) throw new RecordProblem(`${field}: not an address with a domain`);
    return { domain, address: bare };
  });
}

/** `timestamp`: unix seconds, or an RFC 3339 string in newer versions; else `event_time`. */
function readTime(obj: JsonObject): number {
  for (const field of ['timestamp', 'event_time']) {
    const value = obj[field];
    if (value === undefined || value === null) continue;
    // A number past the range of a Date (±8.64e15 ms) is no time: `1e308` would give Infinity.
    const seconds = typeof value === 'number' && Math.abs(value) <= 8.64e12 ? value : null;
    if (seconds !== null) return Math.round(seconds * 1000);
    const millis = typeof value === 'string' ? parseRfc3339(value) : null;
    if (millis === null) throw expected(field, 'unix seconds or an RFC 3339 time', value);
    return millis;
  }
  throw new RecordProblem('timestamp: missing');
}

function readPeer(value: unknown): Peer | null {
  if (value === undefined || value === null) return null;
  if (!isJsonObject(value)) throw expected('peer_address', 'an object or null', value);
  const addr = optionalText(value, 'addr', 'peer_address.');
  return {
    name: mxHostName(optionalText(value, 'name', 'peer_address.')),
    // KumoMTA writes an IP address; anything else would pose as one in the `ip` column.
    addr: addr !== null && isIP(addr) !== 0 ? addr : null,
  };
}

/** Lower case, without the root's trailing dot that KumoMTA keeps from DNS. */
export function mxHostName(name: string | null): string | null {
  if (name === null) return null;
  const host = name.toLowerCase().replace(/\.$/, '');
  return host === '' ? null : host;
}

function readResponse(value: unknown): { dsn: string | null; content: string } {
  if (!isJsonObject(value)) throw expected('response', 'an object', value);
  const content = value.content;
  if (typeof content !== 'string') throw expected('response.content', 'a string', content);

  const enhanced = value.enhanced_code;
  if (enhanced === undefined || enhanced === null) return { dsn: null, content };
  if (!isJsonObject(enhanced)) throw expected('response.enhanced_code', 'an object', enhanced);
  const parts = ['class', 'subject', 'detail'].map((part) => {
    const n = enhanced[part];
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
      throw expected(`response.enhanced_code.${part}`, 'an integer', n);
    }
    return n;
  });
  return { dsn: parts.join('.'), content };
}

/** The sending node's name as far as the record gives one. */
function logHost(obj: JsonObject): string {
  if (typeof obj.egress_source === 'string') return obj.egress_source;
  const source = obj.source_address;
  if (isJsonObject(source) && typeof source.server === 'string') return source.server;
  return '';
}

/** A member that is a string, or absent or null. */
function optionalText(obj: JsonObject, key: string, prefix = ''): string | null {
  const value = obj[key];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw expected(prefix + key, 'a string', value);
  return value;
}
