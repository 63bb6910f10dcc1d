import type { QueryRow } from './figure.js';

const ENCRYPTED = new Set(['strict', 'unverified', 'opportunistic']);

/**
 * The headline numbers in prose, from Figure 1's rows (unit, result, count, share).
 * Shares are of delivered mail; an MX host "supports STARTTLS" when it was offered (any result
 * but none).
 */
export function headlineSentences(rows: readonly QueryRow[]): string[] {
  const count = (unit: string, keep: (result: string) => boolean): number =>
    rows
      .filter((r) => r.unit === unit && keep(String(r.result)))
      .reduce((sum, r) => sum + Number(r.count), 0);
  const total = (unit: string) => count(unit, () => true);
  const pct = (part: number, whole: number) =>
    whole === 0 ? 'n/a' : `${((100 * part) / whole).toFixed(1)}%`;

  const emails = total('email');
  if (emails === 0) return ['The warehouse holds no delivered mail in this date range.'];
  const encrypted = count('email', (r) => ENCRYPTED.has(r));
  const strict = count('email', (r) => r === 'strict');
  const unverified = count('email', (r) => r === 'unverified');
  const hosts = total('mx_host');
  const hostsWithStarttls = count('mx_host', (r) => r !== 'none');

  return [
    `${pct(hostsWithStarttls, hosts)} of the ${hosts.toLocaleString('en-US')} MX hosts that received mail support STARTTLS.`,
    `${pct(encrypted, emails)} of ${emails.toLocaleString('en-US')} delivered emails were encrypted.`,
    `${pct(strict, encrypted)} of encrypted email passed strict certificate validation; ` +
      `for ${pct(unverified, encrypted)} the logs hold no complete verdict on the certificate (unverified).`,
    `Strict shares by unit: all email ${pct(strict, emails)}, domains ${pct(
      count('domain', (r) => r === 'strict'),
      total('domain'),
    )}, ` +
      `MX hosts ${pct(
        count('mx_host', (r) => r === 'strict'),
        hosts,
      )}, IP addresses ${pct(
        count('ip', (r) => r === 'strict'),
        total('ip'),
      )}.`,
  ];
}
