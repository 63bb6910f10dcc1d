import { X509Certificate } from 'node:crypto';
import { cipherFacts } from '../classify/cipher.js';
import { normalizeTlsVersion } from '../classify/tls-version.js';
import { UNKNOWN_VERDICTS, type CertificateVerdicts } from '../model/delivery.js';
import { checkCertificate } from './certificate-checks.js';
import { certificateFacts } from './certificate-facts.js';
import { bannerSoftware } from './banner.js';
import {
  strictFromVerdicts,
  utcDay,
  type CertificateFacts,
  type ProbeOutcome,
  type ProbeRecord,
} from './record.js';
import { ehloKeywords, parseReply } from './smtp-reply.js';
import type { TrustStore } from './trust-store.js';
import { field, list, objectAt, text, truth, type JsonObject } from './json-path.js';

export interface Zgrab2Context {
  /** ZGrab2 does not record the port; every row gets this one. */
  port: number;
  /** The day to file rows under, or null for the UTC day of each scan. */
  day: string | null;
  trust: TrustStore;
  /** For a record without a timestamp. */
  nowMillis: number;
}

/**
 * One ZGrab2 smtp-module record as a probe row. Verdicts go as far as the record proves them:
 * with the certificates' raw DER the checks are made here, as for a live probe, at the scan's
 * time; without it, only what the parsed fields and zcrypto's validation say; the rest is null.
 * A record that stops before EHLO (a banner grab) has a null outcome.
 */
export function zgrab2Record(record: JsonObject, context: Zgrab2Context): ProbeRecord | string {
  const ip = text(record, 'ip');
  if (ip === null) return 'no "ip"';
  const smtp = objectAt(record, 'data', 'smtp');
  if (smtp === null) return 'no "data.smtp" (not a record of the smtp module)';
  const result = objectAt(smtp, 'result') ?? {};
  const mxHost = text(record, 'domain')?.toLowerCase().replace(/\.$/, '') ?? null;
  const stamp = Date.parse(text(smtp, 'timestamp') ?? '');
  const probedAtMillis = Number.isNaN(stamp) ? context.nowMillis : stamp;

  const bannerReply = parseReply(text(result, 'banner') ?? '');
  const banner = bannerReply?.lines.join('\n') ?? null;
  const ehlo = parseReply(text(result, 'ehlo') ?? '');
  const keywords = ehlo?.code === 250 ? ehloKeywords(ehlo) : null;
  const advertised = ehlo === null ? null : (keywords?.includes('STARTTLS') ?? false);

  const tls = objectAt(result, 'tls');
  const handshake = tls === null ? null : objectAt(tls, 'handshake_log');
  const hello = handshake === null ? null : objectAt(handshake, 'server_hello');
  const completed = tls === null ? null : truth(tls, 'handshake_completed_successfully');
  const tlsOk = hello !== null && (completed ?? text(smtp, 'status') === 'success');

  const versionName = hello === null ? null : text(hello, 'version', 'name');
  const tlsVersion =
    versionName === null ? null : (normalizeTlsVersion(versionName) ?? versionName);
  const suiteName = hello === null ? null : text(hello, 'cipher_suite', 'name');
  const suite = suiteName === null ? null : cipherFacts(suiteName, tlsVersion);
  const certificates = handshake === null ? null : objectAt(handshake, 'server_certificates');
  const judged = tlsOk
    ? judge(certificates, { host: mxHost, nowMillis: probedAtMillis, trust: context.trust })
    : { facts: null, verdicts: UNKNOWN_VERDICTS };

  const { outcome, error } = outcomeOf(smtp, bannerReply, ehlo, advertised, tlsOk);
  return {
    probeDay: context.day ?? utcDay(probedAtMillis),
    probedAtMillis,
    source: 'zgrab2',
    mxHost,
    ip,
    port: context.port,
    outcome,
    banner,
    software: banner === null ? null : bannerSoftware(banner),
    ehloKeywords: keywords,
    starttlsAdvertised: advertised,
    tlsVersion: tlsOk ? tlsVersion : null,
    cipher: tlsOk ? (suite?.name ?? null) : null,
    forwardSecrecy: tlsOk ? (suite?.forwardSecrecy ?? null) : null,
    keyExchange: tlsOk && handshake !== null ? curveName(handshake) : null,
    certificate: judged.facts,
    verdicts: judged.verdicts,
    strict: tlsOk ? strictFromVerdicts(judged.verdicts) : null,
    error,
    attempts: 0,
    durationMillis: null,
  };
}

function outcomeOf(
  smtp: JsonObject,
  banner: ReturnType<typeof parseReply>,
  ehlo: ReturnType<typeof parseReply>,
  advertised: boolean | null,
  tlsOk: boolean,
): { outcome: ProbeOutcome | null; error: string | null } {
  const status = text(smtp, 'status');
  const scanError = text(smtp, 'error');
  if (tlsOk) return { outcome: 'ok', error: null };
  if (advertised === true) {
    return { outcome: 'handshake-failed', error: scanError ?? `scan status ${status}` };
  }
  if (ehlo !== null) {
    return ehlo.code === 250
      ? { outcome: 'no-starttls', error: null }
      : { outcome: 'no-starttls', error: `EHLO refused: ${ehlo.lines[0]}` };
  }
  if (banner !== null && banner.code >= 400 && banner.code < 600) {
    return { outcome: 'unreachable', error: `greeting refused service: ${banner.lines[0]}` };
  }
  if (status === 'connection-refused' || status === 'connection-timeout') {
    return { outcome: 'unreachable', error: scanError ?? status };
  }
  if (status !== null && status !== 'success') {
    return { outcome: 'protocol-error', error: scanError ?? status };
  }
  return { outcome: null, error: null };
}

function judge(
  certificates: JsonObject | null,
  context: { host: string | null; nowMillis: number; trust: TrustStore },
): { facts: CertificateFacts | null; verdicts: CertificateVerdicts } {
  const leaf = certificates === null ? null : objectAt(certificates, 'certificate');
  if (certificates === null || leaf === null) return { facts: null, verdicts: UNKNOWN_VERDICTS };
  const sent = [leaf, ...list(certificates, 'chain').filter(isObject)];

  const ders = sent.map((c) => text(c, 'raw'));
  if (ders.every((der) => der !== null)) {
    const chain = ders.map((der) => new X509Certificate(Buffer.from(der, 'base64')));
    return { facts: certificateFacts(chain), verdicts: checkCertificate(chain, context).verdicts };
  }
  return fromParsed(sent, certificates, context.nowMillis);
}

/** Facts and verdicts from zcrypto's parsed fields and validation, without the DER. */
function fromParsed(
  sent: JsonObject[],
  certificates: JsonObject,
  nowMillis: number,
): { facts: CertificateFacts | null; verdicts: CertificateVerdicts } {
  const parsed = objectAt(sent[0] ?? {}, 'parsed') ?? {};
  const validation = objectAt(certificates, 'validation') ?? {};
  const trusted = truth(validation, 'browser_trusted');
  const browserError = (text(validation, 'browser_error') ?? '').toLowerCase();
  const matches = truth(validation, 'matches_domain');

  const notBefore = Date.parse(text(parsed, 'validity', 'start') ?? '');
  const notAfter = Date.parse(text(parsed, 'validity', 'end') ?? '');
  const dated = !Number.isNaN(notBefore) && !Number.isNaN(notAfter);
  const selfSigned = trusted === true ? false : truth(parsed, 'signature', 'self_signed');

  const verdicts: CertificateVerdicts = {
    selfSigned,
    untrustedCa:
      trusted === true || selfSigned === true
        ? false
        : browserError.includes('unknown authority')
          ? true
          : null,
    nameMismatch: matches === null ? null : !matches,
    expired: dated
      ? nowMillis < notBefore || nowMillis > notAfter
      : trusted === true
        ? false
        : browserError.includes('expired')
          ? true
          : null,
  };
  const sha256 = text(parsed, 'fingerprint_sha256');
  const facts: CertificateFacts | null =
    sha256 === null || !dated
      ? null
      : {
          subject: text(parsed, 'subject_dn') ?? distinguishedName(objectAt(parsed, 'subject')),
          issuer: text(parsed, 'issuer_dn') ?? distinguishedName(objectAt(parsed, 'issuer')),
          sans: list(parsed, 'extensions', 'subject_alt_name', 'dns_names')
            .filter((n): n is string => typeof n === 'string')
            .map((n) => n.toLowerCase()),
          notBeforeMillis: notBefore,
          notAfterMillis: notAfter,
          sha256: sha256.toLowerCase(),
          chainSha256: sent
            .map((c) => text(c, 'parsed', 'fingerprint_sha256')?.toLowerCase() ?? null)
            .filter((h): h is string => h !== null),
        };
  return { facts, verdicts };
}

const NAME_PARTS: [string, string][] = [
  ['country', 'C'],
  ['province', 'ST'],
  ['locality', 'L'],
  ['organization', 'O'],
  ['organizational_unit', 'OU'],
  ['common_name', 'CN'],
];

/** zcrypto's name object (`{common_name: ["mx"], organization: ["X"]}`) in one line. */
function distinguishedName(name: JsonObject | null): string {
  if (name === null) return '';
  return NAME_PARTS.flatMap(([key, short]) =>
    list(name, key)
      .filter((v): v is string => typeof v === 'string')
      .map((v) => `${short}=${v}`),
  ).join(', ');
}

function curveName(handshake: JsonObject): string | null {
  const curve = field(handshake, 'server_key_exchange', 'ecdh_params', 'curve_id');
  if (typeof curve === 'string') return curve;
  return isObject(curve) ? text(curve, 'name') : null;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
