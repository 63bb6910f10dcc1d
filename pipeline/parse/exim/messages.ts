import type { DeliveryStatus } from '../../model/delivery.js';
import { reasonFromText, type Reason } from '../../classify/reasons.js';
import type { ProblemCode } from '../dialect.js';
import { cutText } from '../text.js';
import { readFields, type EximHost } from './fields.js';
import { readTlsField, type TlsField } from './tls-field.js';

/**
 * The Exim main-log lines that carry an outbound delivery or its STARTTLS evidence, read from
 * the text after the timestamp and message id. Shapes follow Exim 4.8x to 4.99 (deliver.c,
 * tls-openssl.c `verify_callback`, tls-gnu.c, transports/smtp.c).
 */

export type DeliveryFlag = '=>' | '->' | '>>' | '==' | '**';
export type CertificateVerified = 'yes' | 'no' | 'dane';

export interface DeliveryLine {
  flag: DeliveryFlag;
  status: DeliveryStatus;
  recipient: string;
  host: EximHost;
  tls: TlsField | null;
  certificateVerified: CertificateVerified | null;
  /** `PS=` (4.99+): the session start-up sequence, `s` for STARTTLS. */
  protocolSequence: string | null;
  /** `C="…"`: the reply to DATA. */
  reply: string | null;
  /** The error text of a deferral or failure (`defer (-37) …: TLS session: …`). */
  errorText: string | null;
  /** `defer (n)`: Exim's error number; -37 is a TLS failure. */
  errno: number | null;
}

export type EximMessage =
  | { kind: 'delivery'; line: DeliveryLine }
  /** One failing certificate check (OpenSSL builds log every one). */
  | { kind: 'verify-error'; address: string | null; text: string; reason: Reason | null }
  /** A failed TLS handshake, usually followed by a delivery in clear. */
  | { kind: 'tls-failure'; address: string | null }
  | { kind: 'completed' }
  | { kind: 'irrelevant' }
  | { kind: 'malformed'; code: ProblemCode; reason: string };

const IRRELEVANT: EximMessage = Object.freeze({ kind: 'irrelevant' });
const COMPLETED: EximMessage = Object.freeze({ kind: 'completed' });

const STATUS: Record<DeliveryFlag, DeliveryStatus> = {
  '=>': 'sent',
  '->': 'sent',
  '>>': 'sent', // cutthrough: delivered while the message was being received
  '==': 'deferred',
  '**': 'bounced',
};

// ≥4.86 `[IP] SSL verify error: …`; ≤4.85 without `[IP]`. The `(during …-verify …)` variant is a
// callout made while receiving, not a delivery.
const VERIFY_ERROR = /^(?:\[([^\]]*)\] )?SSL verify error: (.*)$/;
const DEPTH_ERROR = /^depth=\d+ error=(.*?)(?: cert=.*)?$/;
const UNENCRYPTED_TO = /delivering unencrypted to (?:H=)?\S+ \[([^\]]*)\]/;
const HOST_TLS_ERROR = /^H=\S+ \[([^\]]*)\](?::\S+)? TLS error on connection /;
const TLS_ERROR_TO = /^TLS error on connection to \S+ \[([^\]]*)\]/;
const DANE_FAILED = /^DANE attempt failed; TLS connection to \S+ \[([^\]]*)\]/;
const DEFER = / defer \(([^)]*)\)/;

/** Classifies the text after the prefix of a line that names a message id. */
export function readEximMessage(text: string): EximMessage {
  const flag = text.slice(0, 3);
  if (flag === '=> ' || flag === '-> ' || flag === '>> ' || flag === '== ' || flag === '** ') {
    return readDelivery(flag.slice(0, 2) as DeliveryFlag, text.slice(3));
  }
  if (text === 'Completed') return COMPLETED;

  if (text.includes('SSL verify error')) return readVerifyError(text);
  if (text.startsWith('TLS session')) {
    if (text.includes('callout unencrypted')) return IRRELEVANT;
    // ≥4.90 `TLS session: (SSL_connect): …: delivering unencrypted to H=… [IP] …`, ≤4.89
    // `TLS session failure: delivering unencrypted to H [IP] …`. Without the address (the test
    // suite cuts it off) the failure applies to the message's next delivery, wherever it goes.
    return { kind: 'tls-failure', address: UNENCRYPTED_TO.exec(text)?.[1] ?? null };
  }
  const failure = HOST_TLS_ERROR.exec(text) ?? TLS_ERROR_TO.exec(text) ?? DANE_FAILED.exec(text);
  if (failure) return { kind: 'tls-failure', address: failure[1] ?? null };
  return IRRELEVANT;
}

function readVerifyError(text: string): EximMessage {
  const m = VERIFY_ERROR.exec(text);
  if (!m) return IRRELEVANT; // `SSL verify error (during R-verify for …)`: a callout
  const detail = (m[2] ?? '').trim();
  // Only the check's own words decide the reason: the DN after `cert=` may say anything.
  const depth = DEPTH_ERROR.exec(detail);
  const check = depth
    ? (depth[1] ?? '')
    : detail.startsWith('certificate name mismatch')
      ? 'certificate name mismatch'
      : detail;
  return {
    kind: 'verify-error',
    address: m[1] ?? null,
    text: cutText(detail),
    reason: reasonFromText(check),
  };
}

function readDelivery(flag: DeliveryFlag, body: string): EximMessage {
  const recipient = readRecipient(body);
  // `** rcpt: retry timeout exceeded`, `=> :blackhole: <…>`, pipes and files are not remote.
  if (recipient === '' || recipient.endsWith(':') || /^[|/]/.test(recipient)) return IRRELEVANT;

  let fieldsAt = recipient.length;
  let errorBefore = '';
  let errno: number | null = null;
  if (flag === '==') {
    // `rcpt R= T= defer (n)[: strerror] H=… [addr]…: message`: the host follows the errno.
    const defer = DEFER.exec(body);
    if (!defer) return IRRELEVANT;
    errno = /^-?\d+$/.test(defer[1] ?? '') ? Number(defer[1]) : null;
    const afterDefer = defer.index + defer[0].length;
    const hostAt = body.indexOf(' H=', afterDefer);
    if (hostAt < 0) return IRRELEVANT;
    errorBefore = body.slice(afterDefer, hostAt).replace(/^: /, '').trim();
    fieldsAt = hostAt;
  }

  const fields = readFields(body, fieldsAt, flag === '==' || flag === '**');
  if (fields.host === null) return IRRELEVANT; // a local delivery
  if (fields.host === 'unreadable')
    return malformed('bad-field', 'H= without a readable [address]');

  const x = fields.values.get('X');
  const tls = x === undefined ? null : readTlsField(x);
  if (x !== undefined && tls === null) {
    return malformed('bad-field', `X=${x} has no readable protocol and cipher`);
  }
  const cv = fields.values.get('CV');
  if (cv !== undefined && cv !== 'yes' && cv !== 'no' && cv !== 'dane') {
    return malformed('bad-field', `CV=${cv} is not yes, no or dane`);
  }

  const message = fields.messageStart < 0 ? '' : body.slice(fields.messageStart).trim();
  const errorText = [errorBefore, message].filter((t) => t !== '').join(': ');
  return {
    kind: 'delivery',
    line: {
      flag,
      status: STATUS[flag],
      recipient,
      host: fields.host,
      tls,
      certificateVerified: cv ?? null,
      protocolSequence: fields.values.get('PS') ?? null,
      reply: fields.values.get('C') ?? null,
      errorText: errorText === '' ? null : errorText,
      errno,
    },
  };
}

/** The first address of the line; a quoted local part (`"a b"@example.com`) may hold spaces. */
function readRecipient(body: string): string {
  if (body.startsWith('"')) {
    const close = body.indexOf('"', 1);
    const space = body.indexOf(' ', close < 0 ? 0 : close);
    return space < 0 ? body : body.slice(0, space);
  }
  const space = body.indexOf(' ');
  return space < 0 ? body : body.slice(0, space);
}

function malformed(code: ProblemCode, reason: string): EximMessage {
  return { kind: 'malformed', code, reason };
}
