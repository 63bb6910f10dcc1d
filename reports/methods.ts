import type { QueryRow } from './figure.js';
import { formatShare } from './table.js';
import { DIALECT_LABELS } from './vocabulary.js';

/** The methods section of the report: what the results mean and what the logs can prove. */
export const METHODS: readonly string[] = [
  'Each delivered email is classified from the sending MTA’s own log. Strict: a TLS session was ' +
    'negotiated and the MTA verified the certificate (trusted chain, matching name, valid dates). ' +
    'Unverified: a TLS session was negotiated, but the log holds no complete verdict on the ' +
    'certificate; such mail is never counted as Strict. Opportunistic: a TLS session was ' +
    'negotiated and the certificate failed at least one check. Failure: the server offered ' +
    'STARTTLS, the handshake failed and the mail went in clear. None: the mail went in clear ' +
    'without a STARTTLS attempt.',
  'A unique recipient domain, MX host or IP address takes the result of most of its emails in ' +
    'the period; ties go to the stronger result (Strict, Unverified, Opportunistic, Failure, None). ' +
    'The rule can be changed to best or worst with --rule, and every figure that gives one result ' +
    'per domain, MX host or IP uses the same rule. Figures 2 to 4 break down the entities of ' +
    'Figure 1 whose result is opportunistic (2) or encrypted (3, 4), each by the reasons, suite ' +
    'or key exchange of most of its emails (ties to the first by name).',
  'What each log can prove differs. Postfix logs Verified only under a verify policy; at the ' +
    'default level may it never checks the host name, so its Trusted sessions are Unverified, and ' +
    'it names at most one reason for a failed certificate, only when verification is required or ' +
    'the untrusted log keyword is set. Exim with OpenSSL logs CV=yes or CV=no and every failed ' +
    'check, so combinations of reasons are known; Exim built with GnuTLS (Debian’s exim4) logs ' +
    'no reason. Sendmail never checks the host name (verify=OK is Unverified) and names one ' +
    'reason only at LogLevel 12 or more. KumoMTA logs the suite and protocol but no verdict on ' +
    'the certificate, so its encrypted mail is Unverified. The canonical JSON Lines format ' +
    'carries the MTA’s full verdict, each check on its own, and can prove every result.',
  'A delivery without any TLS line is None unless the log shows a failed handshake before it: ' +
    'TLS logging switched off, or a server that refused STARTTLS with an error reply, look the ' +
    'same. No MTA logs the server’s banner, so the receiving software is recognised from the ' +
    'reply to DATA. Reasons for strict validation failure that a log does not name are shown as ' +
    'unknown; only a TLS probe of the MX hosts could name them.',
  'Recipient TLDs are the last label of the recipient domain. Country codes, their countries ' +
    'and regions come from the world-countries dataset (mledoze/countries, Open Database ' +
    'License): Europe is its region Europe, Asia-Pacific its regions Asia (but Western Asia) and ' +
    'Oceania; .uk is the United Kingdom’s. A TLD that dataset does not list counts as generic.',
];

/**
 * A paragraph on the evidence behind the results, from the rows of
 * `queries/evidence-coverage.sql`: how much is proven, how much unverified, how many reasons
 * are unknown, and per log dialect.
 */
export function evidenceParagraph(rows: readonly QueryRow[]): string | null {
  const all = rows.filter((row) => row.dialect === 'all');
  const sum = (key: string, keep: (row: QueryRow) => boolean = () => true): number =>
    all.filter(keep).reduce((total, row) => total + Number(row[key] ?? 0), 0);
  const emails = sum('count');
  if (emails === 0) return null;

  const of = (n: number): string => `${n.toLocaleString('en-US')} (${formatShare(n / emails)})`;
  const inferred = sum('count', (row) => row.evidence === 'no-tls-line');
  const dialects = [...new Set(rows.map((row) => String(row.dialect)))].filter((d) => d !== 'all');
  const perDialect = dialects.map((dialect) => {
    const own = rows.filter((row) => row.dialect === dialect);
    const total = own.reduce((t, row) => t + Number(row.count ?? 0), 0);
    const verified = own.find((row) => row.evidence === 'verified');
    const share = total === 0 ? 0 : Number(verified?.count ?? 0) / total;
    return `${DIALECT_LABELS[dialect] ?? dialect} ${formatShare(share)}`;
  });

  return (
    `Evidence coverage (Figure 16): of ${emails.toLocaleString('en-US')} delivered emails, ` +
    `${of(sum('count', (row) => row.evidence === 'verified'))} rest on a certificate the MTA ` +
    `verified; ${of(sum('unverified'))} were encrypted without a complete verdict on the ` +
    `certificate (unverified); for ${of(sum('reasons_unknown'))} opportunistic emails the log ` +
    `names no failed check, and for ${of(sum('reasons_partial'))} only some checks; ` +
    `${of(inferred)} are None only because no TLS line was logged. ` +
    `Verified certificates by log: ${perDialect.join(', ')}.`
  );
}
