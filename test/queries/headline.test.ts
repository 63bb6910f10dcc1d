import { describe, it } from 'node:test';
import { expectRows } from './expect-rows.js';
import { OVERALL_FIXTURE } from './fixture.js';
import { CIPHER_FIXTURE, REASONS_FIXTURE } from './fixtures.js';

const COLUMNS = ['measure', 'count', 'total', 'share'];

function measures(values: Record<string, [number, number]>): unknown[][] {
  return Object.entries(values).map(([measure, [count, total]]) => [
    measure,
    count,
    total,
    total === 0 ? null : count / total,
  ]);
}

describe('queries/headline.sql', () => {
  it('gives the headline numbers of the Figure 1 fixture', async () => {
    // 8 delivered emails: 3 strict, 1 unverified, 1 opportunistic (trust-only), 1 failure,
    // 2 none. MX hosts: mx1 strict, mx2 unverified, mx3 none; no suite is logged.
    await expectRows(OVERALL_FIXTURE, 'headline', {
      columns: COLUMNS,
      rows: measures({
        mx_hosts_starttls: [2, 3],
        emails_encrypted: [5, 8],
        encrypted_strict: [3, 5],
        encrypted_unverified: [1, 5],
        encrypted_opportunistic: [1, 5],
        mx_hosts_forward_secrecy: [0, 2],
        strict_email: [3, 8],
        strict_domain: [1, 3],
        strict_mx_host: [1, 3],
        strict_ip: [1, 3],
        opportunistic_mismatch_alone: [0, 1],
        opportunistic_reasons_unknown: [1, 1],
      }),
    });
  });

  it('counts mismatch alone and forward-secret hosts as Figures 2 and 4 do', async () => {
    // Reasons fixture: 105 of 112 opportunistic emails fail on the name alone, 1 names nothing
    // (the anonymous one has no certificate); u1.net is none (2 to 1).
    await expectRows(REASONS_FIXTURE, 'headline', {
      columns: COLUMNS,
      rows: measures({
        mx_hosts_starttls: [4, 5],
        emails_encrypted: [113, 115],
        encrypted_strict: [1, 113],
        encrypted_unverified: [0, 113],
        encrypted_opportunistic: [112, 113],
        mx_hosts_forward_secrecy: [0, 4],
        strict_email: [1, 115],
        strict_domain: [0, 6],
        strict_mx_host: [0, 5],
        strict_ip: [0, 5],
        opportunistic_mismatch_alone: [105, 112],
        opportunistic_reasons_unknown: [1, 112],
      }),
    });
    // Suites fixture: of the encrypted MX hosts m1, m2, m3 only m1 is forward secret; c2's two
    // opportunistic emails are trust-only, so their reasons are unknown.
    await expectRows(CIPHER_FIXTURE, 'headline', {
      columns: COLUMNS,
      rows: measures({
        mx_hosts_starttls: [4, 5],
        emails_encrypted: [10, 13],
        encrypted_strict: [6, 10],
        encrypted_unverified: [2, 10],
        encrypted_opportunistic: [2, 10],
        mx_hosts_forward_secrecy: [1, 3],
        strict_email: [6, 13],
        strict_domain: [2, 5],
        strict_mx_host: [2, 5],
        strict_ip: [2, 5],
        opportunistic_mismatch_alone: [0, 2],
        opportunistic_reasons_unknown: [2, 2],
      }),
    });
  });
});
