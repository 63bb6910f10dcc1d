import type { QueryRow } from './figure.js';
import { formatShare } from './table.js';

/**
 * The headline numbers in prose, from the rows of `queries/headline.sql` (measure, count, total,
 * share). Every share names what it is a share of; a measure without a total reads "n/a".
 */
export function headlineSentences(rows: readonly QueryRow[]): string[] {
  const measure = (name: string): { count: number; total: number } => {
    const row = rows.find((r) => r.measure === name);
    return { count: Number(row?.count ?? 0), total: Number(row?.total ?? 0) };
  };
  const pct = (name: string): string => {
    const { count, total } = measure(name);
    return total === 0 ? 'n/a' : formatShare(count / total);
  };
  const number = (n: number): string => n.toLocaleString('en-US');

  const emails = measure('emails_encrypted').total;
  if (emails === 0) return ['The warehouse holds no delivered mail in this date range.'];
  const hosts = measure('mx_hosts_starttls').total;
  const opportunistic = measure('opportunistic_mismatch_alone').total;

  const sentences = [
    `${pct('mx_hosts_starttls')} of the ${number(hosts)} unique MX hosts that received our ` +
      'email support STARTTLS.',
    `${pct('emails_encrypted')} of the ${number(emails)} delivered emails were encrypted.`,
    `${pct('encrypted_strict')} of the encrypted email passed strict certificate validation ` +
      `and ${pct('encrypted_opportunistic')} was opportunistically encrypted to a certificate ` +
      `that failed it; for ${pct('encrypted_unverified')} the logs hold no complete verdict on ` +
      'the certificate (unverified).',
    `${pct('mx_hosts_forward_secrecy')} of the MX hosts that negotiated TLS provide forward ` +
      'secrecy.',
    `Strict shares by unit: all email ${pct('strict_email')}, domains ${pct('strict_domain')}, ` +
      `MX hosts ${pct('strict_mx_host')}, IP addresses ${pct('strict_ip')}.`,
  ];
  if (opportunistic > 0) {
    sentences.push(
      `${pct('opportunistic_mismatch_alone')} of the opportunistically encrypted email failed ` +
        'validation only because the certificate does not match the host name; for ' +
        `${pct('opportunistic_reasons_unknown')} the logs name no reason at all.`,
    );
  }
  return sentences;
}
