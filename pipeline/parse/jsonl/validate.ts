import { isIP } from 'node:net';
import { DELIVERY_STATUSES, type DeliveryStatus } from '../../model/delivery.js';
import { recipientDomain } from '../../enrich/recipient.js';
import { describeJson, isJsonObject, type JsonObject } from '../json/value.js';
import { parseRfc3339 } from '../json/rfc3339.js';
import { checkObject } from './check.js';
import { RECORD_SPEC, TIME_MEANING } from './spec.js';

/** A canonical record that passed validation; recipient domain normalized, local part gone. */
export interface CanonicalRecord {
  timeMillis: number;
  host: string | null;
  queueId: string | null;
  recipientDomain: string;
  /** `recipient` as given, kept in memory only for the opt-in pseudonym. */
  recipientAddress: string | null;
  mxHost: string | null;
  ip: string | null;
  port: number | null;
  status: DeliveryStatus;
  dsn: string | null;
  reply: string | null;
  banner: string | null;
  starttlsAdvertised: boolean | null;
  connectionUse: number | null;
  tls: CanonicalTls | null;
}

export interface CanonicalTls {
  attempted: boolean;
  established: boolean;
  protocol: string | null;
  cipher: string | null;
  keyExchange: string | null;
  certificate: CanonicalCertificate | null;
  error: string | null;
}

export interface CanonicalCertificate {
  verified: boolean | null;
  selfSigned: boolean | null;
  untrustedCa: boolean | null;
  nameMismatch: boolean | null;
  expired: boolean | null;
  subject: string | null;
  issuer: string | null;
}

export type Validation =
  { kind: 'valid'; record: CanonicalRecord } | { kind: 'invalid'; problems: string[] };

/**
 * Checks a record against the v1 schema. Every problem names the field and says why:
 * `tls.protocol: expected a string or null, got 42`. Rules across fields are checked only once
 * every field has the right shape, so that each problem is reported once.
 */
export function validateRecord(value: JsonObject): Validation {
  const problems: string[] = [];
  checkObject(value, RECORD_SPEC, '', problems);
  if (problems.length > 0) return { kind: 'invalid', problems };
  const record = readRecord(value, problems);
  return record === null ? { kind: 'invalid', problems } : { kind: 'valid', record };
}

function readRecord(obj: JsonObject, problems: string[]): CanonicalRecord | null {
  const time = text(obj, 'time') ?? '';
  const timeMillis = parseRfc3339(time);
  if (timeMillis === null)
    problems.push(`time: expected ${TIME_MEANING}, got ${describeJson(time)}`);

  const domain = readDomain(obj, problems);
  const ip = text(obj, 'ip');
  if (ip !== null && isIP(ip) === 0) {
    problems.push(`ip: expected an IPv4 or IPv6 address, got ${describeJson(ip)}`);
  }
  const tls = isJsonObject(obj.tls) ? readTls(obj.tls, problems) : null;
  const status = DELIVERY_STATUSES.find((s) => s === obj.status);
  if (problems.length > 0 || timeMillis === null || domain === null || !status) return null;

  return {
    timeMillis,
    host: text(obj, 'host'),
    queueId: text(obj, 'queue_id'),
    recipientDomain: domain,
    recipientAddress: text(obj, 'recipient'),
    mxHost: text(obj, 'mx_host'),
    ip,
    port: integer(obj, 'port'),
    status,
    dsn: text(obj, 'dsn'),
    reply: text(obj, 'reply'),
    banner: text(obj, 'banner'),
    starttlsAdvertised: flag(obj, 'starttls_advertised'),
    connectionUse: integer(obj, 'connection_use'),
    tls,
  };
}

/** The recipient domain, from `recipient_domain` or else from `recipient`, never its local part. */
function readDomain(obj: JsonObject, problems: string[]): string | null {
  const given = text(obj, 'recipient_domain');
  const address = text(obj, 'recipient');
  if (given === null && address === null) {
    problems.push(
      'recipient_domain: missing: give recipient_domain, or recipient (only its domain is kept)',
    );
    return null;
  }
  const fromGiven = given === null ? null : recipientDomain(`@${given}`);
  if (given !== null && fromGiven === null) {
    problems.push(`recipient_domain: not a valid domain name: ${describeJson(given)}`);
  }
  const fromAddress = address === null ? null : recipientDomain(address);
  if (address !== null && fromAddress === null) {
    problems.push('recipient: the domain of the address is not a valid domain name');
  }
  if (fromGiven !== null && fromAddress !== null && fromGiven !== fromAddress) {
    problems.push(
      `recipient_domain: ${JSON.stringify(fromGiven)} is not the domain of recipient ` +
        `(${JSON.stringify(fromAddress)})`,
    );
  }
  return fromGiven ?? fromAddress;
}

function readTls(tls: JsonObject, problems: string[]): CanonicalTls {
  const attempted = tls.attempted === true;
  const established = tls.established === true;
  if (established && !attempted) {
    problems.push('tls.attempted: must be true when tls.established is true');
  }
  const certificate = isJsonObject(tls.certificate)
    ? readCertificate(tls.certificate, problems)
    : null;
  return {
    attempted,
    established,
    protocol: text(tls, 'protocol'),
    cipher: text(tls, 'cipher') || null, // an empty name names no suite
    keyExchange: text(tls, 'key_exchange'),
    certificate,
    error: text(tls, 'error'),
  };
}

function readCertificate(cert: JsonObject, problems: string[]): CanonicalCertificate {
  const certificate: CanonicalCertificate = {
    verified: flag(cert, 'verified'),
    selfSigned: flag(cert, 'self_signed'),
    untrustedCa: flag(cert, 'untrusted_ca'),
    nameMismatch: flag(cert, 'name_mismatch'),
    expired: flag(cert, 'expired'),
    subject: text(cert, 'subject'),
    issuer: text(cert, 'issuer'),
  };
  if (certificate.verified === true) {
    // A certificate that passed every check cannot have failed one of them.
    for (const name of ['self_signed', 'untrusted_ca', 'name_mismatch', 'expired']) {
      if (cert[name] === true) {
        problems.push(`tls.certificate.verified: true contradicts ${name}: true`);
      }
    }
  }
  return certificate;
}

function text(obj: JsonObject, key: string): string | null {
  const value = obj[key];
  return typeof value === 'string' ? value : null;
}

function flag(obj: JsonObject, key: string): boolean | null {
  const value = obj[key];
  return typeof value === 'boolean' ? value : null;
}

function integer(obj: JsonObject, key: string): number | null {
  const value = obj[key];
  return typeof value === 'number' && Number.isInteger(value) ? value : null;
}
