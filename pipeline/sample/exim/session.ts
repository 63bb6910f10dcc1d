import { certificateAt, type Certificate } from '../jsonl/server.js';
import {
  ALL_PASSED,
  failure,
  NONE_NO_TLS_LINE,
  tls,
  tlsJson,
  verdictsNaming,
} from '../jsonl/truth-row.js';
import { flat } from '../flat.js';
import type { MxHost } from '../world.js';
import { tlsFields } from './lines.js';

/**
 * What Exim's smtp transport, built with OpenSSL and left at its defaults, meets at an MX host:
 * it tries STARTTLS whenever offered, verifies every certificate (`tls_try_verify_hosts = *`,
 * names included) without refusing one that fails, and falls back to clear when the handshake
 * fails (`tls_tempfail_tryclear`). The same for every connection to the host.
 */
export type EximServer =
  | { kind: 'clear'; truth: string }
  | { kind: 'fallback'; error: string; truth: string }
  | {
      kind: 'tls';
      /** ` X=… CV=…` for delivery and failure lines. */
      fields: string;
      /** The `SSL verify error:` texts, one per failing check, before the first delivery. */
      verifyTexts: readonly string[];
      /** The row of a line with X=; a deferral shows no TLS and proves none. */
      truth: string;
    };

const CLEAR_TRUTH = tlsJson(NONE_NO_TLS_LINE);
const FAILURE_TRUTH = tlsJson(failure());

// A server behaves the same on every connection: its view is worked out once.
const views = new WeakMap<MxHost, EximServer>();

export function eximServer(mx: MxHost): EximServer {
  let view = views.get(mx);
  if (view === undefined) {
    view = viewOf(mx);
    views.set(mx, view);
  }
  return view;
}

/** The row of a deferral (`==`), which carries no TLS fields. */
export function deferralTruth(server: EximServer): string {
  return server.kind === 'fallback' ? FAILURE_TRUTH : CLEAR_TRUTH;
}

function viewOf(mx: MxHost): EximServer {
  const behaviour = mx.tls;
  if (behaviour.kind === 'no-starttls') return { kind: 'clear', truth: CLEAR_TRUTH };
  if (behaviour.kind === 'handshake-failure') {
    // OpenSSL 3 error strings carry no file and line; without an error queued, the peer hung up.
    const error = behaviour.libraryError
      ? behaviour.libraryError.replace(/:ssl\/.*$/, '')
      : 'error:0A000126:SSL routines::unexpected eof while reading';
    return { kind: 'fallback', error, truth: FAILURE_TRUTH };
  }

  // OpenSSL's default cipher list has no anonymous suites.
  const certificate = certificateAt(mx, behaviour, false) as Certificate;
  const verified = certificate.defects.length === 0;
  // OpenSSL builds log every failing check, so the checks not named passed.
  const verdicts = verified ? ALL_PASSED : verdictsNaming(certificate.defects, true);
  return {
    kind: 'tls',
    fields: flat(tlsFields(certificate.suite, verified)),
    verifyTexts: verifyTexts(certificate, mx.name),
    truth: tlsJson(
      tls(
        verified ? 'strict' : 'opportunistic',
        verified ? 'verified' : 'reasons',
        verdicts,
        certificate.suite,
      ),
    ),
  };
}

/** The checks in the order OpenSSL's verification reports them, the host name last. */
function verifyTexts(certificate: Certificate, host: string): string[] {
  const { defects, subject, issuer } = certificate;
  const texts: string[] = [];
  if (defects.includes('self-signed')) {
    texts.push(`depth=0 error=self-signed certificate cert=${subject}`);
  }
  if (defects.includes('untrusted-ca')) {
    if (host.length % 2 === 0) {
      // The server sends its private root along: the chain ends in a CA nobody trusts.
      texts.push(`depth=1 error=self-signed certificate in certificate chain cert=${issuer}`);
    } else {
      texts.push(`depth=0 error=unable to get local issuer certificate cert=${subject}`);
      texts.push(`depth=0 error=unable to verify the first certificate cert=${subject}`);
    }
  }
  if (defects.includes('expired')) {
    texts.push(`depth=0 error=certificate has expired cert=${subject}`);
  }
  if (defects.includes('name-mismatch')) {
    texts.push(`certificate name mismatch: DN="${subject}" H="${host}"`);
  }
  return texts;
}
