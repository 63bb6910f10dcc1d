import { flat } from '../flat.js';
import { certificateAt } from '../jsonl/server.js';
import {
  ALL_PASSED,
  failure,
  NONE_NO_TLS_LINE,
  tls,
  tlsJson,
  UNKNOWN,
  verdictsNaming,
  type TlsTruth,
} from '../jsonl/truth-row.js';
import type { CertDefect } from '../tls-behaviour.js';
import type { MxHost } from '../world.js';
import { certificate, session } from './lines.js';

/** How a sending host's sendmail is set up for STARTTLS as a client. */
export interface SendmailHost {
  name: string;
  /** Share of the mail, in percent. */
  share: number;
  /** 9 is the default; above 11 the certificate and OpenSSL's verdict are logged too. */
  logLevel: 9 | 12;
  /** `O CipherList=ALL` from an old sendmail.mc: anonymous suites are offered too. */
  cipherListAll: boolean;
  /** `O DANE=true`: a server whose TLSA records match is `verify=TRUSTED`. */
  dane: boolean;
  /** `O TLSFallbacktoClear=true`: after a failed handshake, send in clear at once. */
  fallbackToClear: boolean;
  /** The daemon's `-q` interval, and `MinQueueAge`: how soon a deferred message is tried again. */
  queueIntervalSeconds: number;
  minQueueAgeSeconds: number;
}

/** Both trust the system's CAs (confCACERT_PATH); they differ in the rest. */
export const SENDMAIL_HOSTS: readonly SendmailHost[] = [
  {
    name: 'mail-out1',
    share: 55,
    logLevel: 9,
    cipherListAll: true,
    dane: false,
    fallbackToClear: false,
    // A Red Hat host: `QUEUE=1h`, no MinQueueAge.
    queueIntervalSeconds: 3600,
    minQueueAgeSeconds: 0,
  },
  {
    name: 'mail-out2',
    share: 45,
    logLevel: 12,
    cipherListAll: false,
    dane: true,
    fallbackToClear: true,
    // A Debian host: `-q15m`, confMIN_QUEUE_AGE 27 minutes.
    queueIntervalSeconds: 900,
    minQueueAgeSeconds: 27 * 60,
  },
];

/** What one host's sendmail logs and proves about every connection to one MX host. */
export type SendmailServer =
  | { kind: 'clear'; truth: string }
  | { kind: 'failed'; reason: string; libraryError: string | null; truth: string }
  | { kind: 'tls'; lines: readonly string[]; truth: string };

const CLEAR_TRUTH = tlsJson(NONE_NO_TLS_LINE);
const FAILURE_TRUTH = tlsJson(failure());

// Providers known to publish TLSA records for their MX hosts.
const DANE_MX = /\.(?:web\.de|emig\.gmx\.net)$/;

const views = new WeakMap<MxHost, Map<string, SendmailServer>>();

export function sendmailServer(host: SendmailHost, mx: MxHost): SendmailServer {
  let byHost = views.get(mx);
  if (byHost === undefined) {
    byHost = new Map();
    views.set(mx, byHost);
  }
  let view = byHost.get(host.name);
  if (view === undefined) {
    view = viewOf(host, mx);
    byHost.set(host.name, view);
  }
  return view;
}

function viewOf(host: SendmailHost, mx: MxHost): SendmailServer {
  const behaviour = mx.tls;
  if (behaviour.kind === 'no-starttls') return { kind: 'clear', truth: CLEAR_TRUTH };
  if (behaviour.kind === 'handshake-failure') {
    const error = behaviour.libraryError;
    // `error:0A000410:SSL routines::sslv3 alert handshake failure:…`: the words after the code.
    const reason = error
      ? (error.split(':')[4] ?? 'handshake failure')
      : 'unexpected eof while reading';
    return { kind: 'failed', reason, libraryError: error, truth: FAILURE_TRUTH };
  }

  const relay = mx.name;
  if (behaviour.kind === 'anonymous' && host.cipherListAll) {
    // No certificate: requested, none presented.
    const s = behaviour.suite;
    const lines = [flat(session(relay, s.version, 'NO', s.cipher, s.bits))];
    const truth = tlsJson(tls('opportunistic', 'trust-only', UNKNOWN, s));
    return { kind: 'tls', lines, truth };
  }

  const cert = certificateAt(mx, behaviour, false);
  if (cert === null) throw new Error(`sendmail: ${mx.name} presents no certificate`);
  const s = cert.suite;
  // sendmail never checks the host name; OpenSSL reports the last error it met.
  const chainError = lastChainError(cert.defects);
  let verify: string;
  let truth: TlsTruth;
  if (host.dane && DANE_MX.test(mx.name) && cert.defects.length === 0) {
    verify = 'TRUSTED';
    truth = tls('strict', 'verified', ALL_PASSED, s);
  } else if (chainError === null) {
    verify = 'OK';
    const verdicts = { selfSigned: false, untrustedCa: false, nameMismatch: null, expired: false };
    truth = tls('unverified', 'chain-only', verdicts, s);
  } else {
    verify = 'FAIL';
    truth =
      host.logLevel > 11
        ? tls('opportunistic', 'reasons', verdictsNaming([chainError.defect], false), s)
        : tls('opportunistic', 'trust-only', UNKNOWN, s);
  }
  const lines = [session(relay, s.version, verify, s.cipher, s.bits)];
  if (host.logLevel > 11) {
    lines.push(certificate(cert.subject, cert.issuer, chainError?.text ?? 'ok'));
  }
  return { kind: 'tls', lines: lines.map(flat), truth: tlsJson(truth) };
}

/** The verify result OpenSSL keeps when the callback lets every error pass: the last one. */
function lastChainError(
  defects: readonly CertDefect[],
): { defect: CertDefect; text: string } | null {
  if (defects.includes('expired')) return { defect: 'expired', text: 'certificate has expired' };
  if (defects.includes('self-signed')) {
    return { defect: 'self-signed', text: 'self-signed certificate' };
  }
  if (defects.includes('untrusted-ca')) {
    return { defect: 'untrusted-ca', text: 'unable to get local issuer certificate' };
  }
  return null;
}
