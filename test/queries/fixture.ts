import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { WarehouseSession } from '../../pipeline/query/run-query.js';

/**
 * A small fixed set of deliveries for query tests; the expected rows of each query are worked
 * out by hand from this table in the query's test. Columns not listed are null.
 *
 *   day         domain  mx   ip       status    starttls
 *   2026-12-01  a.com   mx1  1.1.1.1  sent      strict         ×3
 *   2026-12-01  a.com   mx1  1.1.1.1  deferred  strict         (not delivered: never counted)
 *   2026-12-01  b.com   mx2  2.2.2.2  sent      opportunistic
 *   2026-12-01  b.com   mx2  2.2.2.2  sent      none
 *   2026-12-02  b.com   mx3  3.3.3.3  sent      none
 *   2026-12-02  c.com   mx2  2.2.2.2  sent      unverified
 *   2026-12-02  c.com   mx2  2.2.2.2  sent      failure
 */
const ROWS: [string, string, string, string, string, string][] = [
  ['2026-12-01', 'a.com', 'mx1', '1.1.1.1', 'sent', 'strict'],
  ['2026-12-01', 'a.com', 'mx1', '1.1.1.1', 'sent', 'strict'],
  ['2026-12-01', 'a.com', 'mx1', '1.1.1.1', 'sent', 'strict'],
  ['2026-12-01', 'a.com', 'mx1', '1.1.1.1', 'deferred', 'strict'],
  ['2026-12-01', 'b.com', 'mx2', '2.2.2.2', 'sent', 'opportunistic'],
  ['2026-12-01', 'b.com', 'mx2', '2.2.2.2', 'sent', 'none'],
  ['2026-12-02', 'b.com', 'mx3', '3.3.3.3', 'sent', 'none'],
  ['2026-12-02', 'c.com', 'mx2', '2.2.2.2', 'sent', 'unverified'],
  ['2026-12-02', 'c.com', 'mx2', '2.2.2.2', 'sent', 'failure'],
];

/** A session whose `deliveries` view holds the fixture instead of a warehouse. */
export async function fixtureSession(): Promise<WarehouseSession> {
  const empty = await mkdtemp(path.join(os.tmpdir(), 'census-query-'));
  const session = await WarehouseSession.open(empty);
  const values = ROWS.map(
    ([day, domain, mx, ip, status, starttls]) =>
      `(DATE '${day}', '${domain}', '${mx}', '${ip}', '${status}', '${starttls}')`,
  ).join(',\n');
  await session.connection.run(
    `CREATE OR REPLACE VIEW deliveries AS
     SELECT * FROM (VALUES ${values}) t(day, recipient_domain, mx_host, ip, status, starttls)`,
  );
  return session;
}
