import type { ProblemCode } from '../dialect.js';
import { cutText } from '../text.js';
import { readDeliveryLine, type DeliveryMessage } from './delivery-line.js';
import { verifyMeaning, type VerifyMeaning } from './verify.js';

/**
 * The messages of sendmail's SMTP client that carry STARTTLS evidence or a delivery, read from
 * the text after the syslog header. Shapes follow sendmail 8.12 to 8.18: tls.c (tls_get_info,
 * tls_verify_log, tlslogerr), deliver.c (starttls, logdelivery), parseaddr.c (rscheck).
 */
export type SendmailMessage =
  | {
      // `STARTTLS=client, relay=H, version=V, verify=X, cipher=C, bits=a/b`: one per connection.
      kind: 'tls-session';
      relay: string;
      version: string;
      verify: VerifyMeaning;
      cipher: string;
    }
  // LogLevel > 11, right after the session line: the X509 verification result in words.
  | { kind: 'certificate'; subject: string; issuer: string; verifyMessage: string }
  // LogLevel > 13, during the handshake: `STARTTLS: TLS cert verify: depth=N <DN>, state=S, ...`
  | { kind: 'verify-trace'; passed: boolean; reason: string }
  | { kind: 'connect-failed'; reason: string | null }
  // `STARTTLS=client: error:...`: OpenSSL's error queue, after a failure (LogLevel > 9).
  | { kind: 'tls-library-error' }
  // `ruleset=tls_server, arg1=V, relay=H, reject=...`: the policy refused the connection.
  | { kind: 'tls-server-ruleset'; meaning: VerifyMeaning | null; relay: string | null }
  // `STARTTLS=client, relay=H, warning=DANE configured in DNS but STARTTLS not offered|failed`
  | { kind: 'dane-warning'; relay: string; starttls: 'not-offered' | 'failed' }
  | DeliveryMessage
  | { kind: 'irrelevant' }
  | { kind: 'malformed'; code: ProblemCode; reason: string };

const SESSION =
  /^STARTTLS=client, relay=(\S+), version=([^,\s]*), verify=([^,\s]*), cipher=([^,\s]*), bits=(\d+)\/(\d+)(?:, .*)?$/;
const DANE_WARNING =
  /^STARTTLS=client, relay=(\S+), warning=DANE configured in DNS but STARTTLS (not offered|failed)$/;
// `s`: with `.` unable to cross a line separator, every `, state=` before one was retried.
const VERIFY_TRACE =
  /^STARTTLS: (?:TLS|X509|x509) cert verify: depth=\d+ .*, state=(-?\d+), reason=(.*)$/s;
const TLS_SERVER_RULESET =
  /^ruleset=tls_server, arg1=([^,]*)(?:, arg2=[^,]*)?(?:, relay=([^,\s]+))?(?:, (?:reject|status|quarantine)=|, discard$)/;
const QUEUE_ID = /^([0-9A-Za-z]{6,20}): /;

const IRRELEVANT: SendmailMessage = Object.freeze({ kind: 'irrelevant' });

/** Classifies the message text of one `sendmail|sm-mta|sm-msp-queue[PID]:` line. */
export function readSendmailMessage(message: string): SendmailMessage {
  if (message.startsWith('STARTTLS')) return readStarttls(message);
  if (message.startsWith('ruleset=tls_server, ')) return readTlsServerRuleset(message);

  const queueId = QUEUE_ID.exec(message);
  if (queueId && queueId[1] !== 'NOQUEUE') {
    const rest = message.slice(queueId[0].length);
    if (rest.startsWith('to=')) return readDeliveryLine(queueId[1] ?? '', rest);
  }
  return IRRELEVANT;
}

function readStarttls(message: string): SendmailMessage {
  if (message.startsWith('STARTTLS=client, relay=')) return readClientRelayLine(message);
  if (message.startsWith('STARTTLS=client, cert-subject=')) return readCertificate(message);
  if (message.startsWith('STARTTLS=client, error: connect failed=')) {
    // 8.15+: `connect failed=R, reason=..., SSL_error=E, errno=N, retry=N`; older releases
    // log only `connect failed=R, SSL_error=E`.
    // Found by position: `, reason=(.*?), SSL_error=` retries from every `, reason=`.
    const at = message.indexOf(', reason=');
    const end = at < 0 ? -1 : message.indexOf(', SSL_error=', at);
    const reason = end < 0 ? null : message.slice(at + ', reason='.length, end);
    return { kind: 'connect-failed', reason };
  }
  if (message.startsWith('STARTTLS=client: ')) return { kind: 'tls-library-error' };
  if (/^STARTTLS: \S+ cert verify: /.test(message)) {
    const m = VERIFY_TRACE.exec(message);
    if (!m) return malformed('bad-field', 'unreadable STARTTLS cert verify line');
    return { kind: 'verify-trace', passed: m[1] !== '0', reason: cutText((m[2] ?? '').trim()) };
  }
  // Server side, and client lines that carry no verdict (start=ok, SSL_shutdown, AltName, ...).
  return IRRELEVANT;
}

function readClientRelayLine(message: string): SendmailMessage {
  if (/, (?:version|verify|cipher)=/.test(message)) {
    const m = SESSION.exec(message);
    if (!m) return malformed('bad-field', 'unreadable STARTTLS=client session line');
    const meaning = verifyMeaning(m[3] ?? '');
    if (meaning === null) {
      return malformed('bad-field', `STARTTLS=client line with unknown verify=${m[3] ?? ''}`);
    }
    return {
      kind: 'tls-session',
      relay: m[1] ?? '',
      version: m[2] ?? '',
      verify: meaning,
      cipher: m[4] ?? '',
    };
  }
  const dane = DANE_WARNING.exec(message);
  if (dane) {
    return {
      kind: 'dane-warning',
      relay: dane[1] ?? '',
      starttls: dane[2] === 'failed' ? 'failed' : 'not-offered',
    };
  }
  // `relay=H, field=cn_subject, status=...`, `relay=H, AltName=...`, `relay=H, tlsstate=...`
  return IRRELEVANT;
}

/** `STARTTLS=client, cert-subject=<DN>, cert-issuer=<DN>, verifymsg=<X509 text>` */
function readCertificate(message: string): SendmailMessage {
  const subjectAt = 'STARTTLS=client, cert-subject='.length;
  const issuerAt = message.indexOf(', cert-issuer=', subjectAt);
  const verifyAt = issuerAt < 0 ? -1 : message.indexOf(', verifymsg=', issuerAt);
  if (verifyAt < 0) return malformed('bad-field', 'unreadable STARTTLS=client cert-subject line');
  return {
    kind: 'certificate',
    subject: message.slice(subjectAt, issuerAt),
    issuer: message.slice(issuerAt + ', cert-issuer='.length, verifyAt),
    verifyMessage: cutText(message.slice(verifyAt + ', verifymsg='.length).trim()),
  };
}

function readTlsServerRuleset(message: string): SendmailMessage {
  const m = TLS_SERVER_RULESET.exec(message);
  if (!m) return malformed('bad-field', 'unreadable ruleset=tls_server line');
  return { kind: 'tls-server-ruleset', meaning: verifyMeaning(m[1] ?? ''), relay: m[2] ?? null };
}

function malformed(code: ProblemCode, reason: string): SendmailMessage {
  return { kind: 'malformed', code, reason };
}
