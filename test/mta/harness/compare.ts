import { describeRow, type Expectation, type RowExpectation } from './expectation.js';
import type { Attempt } from './receiver.js';
import type { Scenario } from './scenarios.js';
import type { Row } from './warehouse.js';

/** How one scenario's rows compare with what was expected and what the receiver saw. */
export interface Comparison {
  problems: string[];
  /** The last row in the words of describeRow, or `no row`. */
  observed: string;
  rowCount: number;
}

/**
 * Holds a scenario's rows (in log order) against its expectation, and the TLS columns against
 * the receiver's own record of the connection: protocol, suite and forward secrecy come from
 * the server side of the handshake, not from any log.
 */
export function compareScenario(
  scenario: Scenario,
  rows: Row[],
  expectation: Expectation,
  attempts: Attempt[],
): Comparison {
  const last = rows[rows.length - 1];
  if (last === undefined) {
    return { problems: ['the message produced no row'], observed: 'no row', rowCount: 0 };
  }
  const problems: string[] = [];
  rows.forEach((r, i) => {
    const isLast = i === rows.length - 1;
    const expected = isLast ? expectation.final : expectation.before;
    const where = isLast ? 'last row' : `row ${i + 1} of ${rows.length}`;
    if (expected === undefined) {
      problems.push(`${where} (line ${r.source_line}) is unexpected: ${describeActual(r)}`);
      return;
    }
    for (const p of compareRow(r, expected, scenario, attempts)) problems.push(`${where}: ${p}`);
  });
  return { problems, observed: describeActual(last), rowCount: rows.length };
}

function compareRow(r: Row, e: RowExpectation, scenario: Scenario, attempts: Attempt[]): string[] {
  const problems: string[] = [];
  const check = (column: string, actual: unknown, expected: unknown) => {
    if (actual !== expected) {
      problems.push(`${column} is ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
    }
  };
  check('status', r.status, e.status);
  check('starttls', r.starttls, e.starttls);
  check('evidence', r.evidence, e.evidence);
  check('cert_self_signed', r.cert_self_signed, e.verdicts[0]);
  check('cert_untrusted_ca', r.cert_untrusted_ca, e.verdicts[1]);
  check('cert_name_mismatch', r.cert_name_mismatch, e.verdicts[2]);
  check('cert_expired', r.cert_expired, e.verdicts[3]);
  check('trust_logged', r.trust_logged, e.trust);
  if (e.verifyText === null) check('verify_text', r.verify_text, null);
  else if (e.verifyText !== undefined && !(r.verify_text ?? '').includes(e.verifyText)) {
    problems.push(`verify_text ${JSON.stringify(r.verify_text)} lacks "${e.verifyText}"`);
  }
  if (r.ip !== null) {
    if (!scenario.addresses.includes(r.ip)) problems.push(`ip ${r.ip} is not the scenario's`);
    check('mx_host', r.mx_host, scenario.mxHost);
  }

  // The receiver's record of the attempt this row reports: the message it accepted, or the
  // last recipient it refused, or else the last TLS session (a client that hung up after the
  // handshake, refusing the certificate).
  const attempt =
    r.status === 'sent'
      ? attempts.findLast((a) => a.acceptedAs !== null)
      : (attempts.findLast((a) => a.rcptReply !== null && a.rcptReply !== '250') ??
        attempts.findLast((a) => a.rcptReply === null));
  if (r.status === 'sent') {
    if (attempt === undefined) problems.push('the receiver accepted no message');
    else check('ip (as the receiver saw it)', r.ip, attempt.address);
    check('software', r.software, 'postfix'); // the receiver answers DATA as Postfix does
  }
  if (e.tls !== true) {
    check('tls_version', r.tls_version, null);
    check('cipher', r.cipher, null);
    check('forward_secrecy', r.forward_secrecy, null);
    const sawTls = attempt !== undefined && attempt.tls !== null;
    if (e.tls === false && sawTls) {
      problems.push(`the receiver saw ${attempt?.tls?.protocol} where the log shows clear text`);
    } else if (e.tls === 'unlogged' && !sawTls) {
      problems.push('expected TLS the log does not show, but the receiver saw none either');
    }
  } else if (attempt === undefined || attempt.tls === null) {
    problems.push('the receiver saw no TLS on this delivery');
  } else {
    // The receiver must have negotiated what the scenario pins, or the scenario tests nothing.
    const pinned = pinnedSuite(scenario);
    if (pinned !== null && attempt.tls.cipher !== pinned) {
      problems.push(`the receiver negotiated ${attempt.tls.cipher}, not the scenario's ${pinned}`);
    }
    check('tls_version', r.tls_version, attempt.tls.protocol);
    check('forward_secrecy', r.forward_secrecy, forwardSecret(attempt.tls));
    if (!sameSuite(r.cipher, attempt.tls.cipher)) {
      problems.push(`cipher ${r.cipher} is not the receiver's ${attempt.tls.cipher}`);
    }
  }
  return problems;
}

/** The one suite a scenario allows, if it allows only one. */
function pinnedSuite(scenario: Scenario): string | null {
  const suites = (scenario.tls.ciphers ?? '').split(':').filter((c) => c && !c.startsWith('@'));
  return suites.length === 1 ? (suites[0] ?? null) : null;
}

function forwardSecret(tls: NonNullable<Attempt['tls']>): boolean {
  return tls.protocol === 'TLSv1.3' || /^(ECDHE|DHE)-/.test(tls.cipher);
}

/**
 * OpenSSL names must match exactly. A GnuTLS session description (`ECDHE_SECP256R1__RSA_SHA256
 * __AES_128_GCM`, which Exim logs for TLS 1.2 and older) must name the receiver's bulk cipher.
 */
function sameSuite(logged: string | null, openssl: string): boolean {
  if (logged === null) return false;
  if (logged === openssl) return true;
  if (!logged.includes('__')) return false;
  const bulk = openssl.replace(/^(ECDHE|DHE)-(RSA|ECDSA)-/, '').replace(/-SHA(256|384)?$/, '');
  const flat = (s: string) => s.toUpperCase().replace(/[-_]/g, '');
  return flat(logged).includes(flat(bulk));
}

/** A row in the words of describeRow. */
export function describeActual(r: Row): string {
  return describeRow({
    status: r.status as RowExpectation['status'],
    starttls: r.starttls as RowExpectation['starttls'],
    evidence: r.evidence as RowExpectation['evidence'],
    verdicts: [r.cert_self_signed, r.cert_untrusted_ca, r.cert_name_mismatch, r.cert_expired],
    trust: r.trust_logged,
    tls: r.tls_version !== null,
  });
}
