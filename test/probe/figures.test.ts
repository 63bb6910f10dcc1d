import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { writeProbeTable } from '../../pipeline/probe/probe-writer.js';
import { queriesDir } from '../../pipeline/query/catalog.js';
import { DEFAULT_PARAMETERS, WarehouseSession } from '../../pipeline/query/run-query.js';
import { tempDir } from '../read/temp-dir.js';
import { handProbe, writeDeliveries, type DeliveryRow } from './fixtures.js';

// A Postfix log at level `may` cannot say why a certificate failed, nor which software answered.
// The same warehouse after a probe of its MX hosts must give Figures 2, 5 and 6 with no unknowns.
const DAY = '2026-12-01';
const rows: DeliveryRow[] = [
  // mx-a: Trusted at `may` (unverified); the probe finds every check passing: strict.
  ...[1, 2, 3].map((i) =>
    delivery(`A${i}`, 'mx-a.example.net', '192.0.2.1', 'unverified', 'chain-only', 'FFNF'),
  ),
  // mx-b: Untrusted with no reason (trust-only); the probe finds it self-signed and mismatched.
  ...[1, 2].map((i) =>
    delivery(`B${i}`, 'mx-b.example.net', '192.0.2.2', 'opportunistic', 'trust-only', 'NNNN'),
  ),
];

function delivery(
  queueId: string,
  mxHost: string,
  ip: string,
  starttls: string,
  evidence: string,
  checks: string,
): DeliveryRow {
  return {
    day: DAY,
    queueId,
    mxHost,
    ip,
    status: 'sent',
    starttls,
    evidence,
    checks,
    software: null,
  };
}

async function run(warehouse: string, query: string) {
  const session = await WarehouseSession.open(warehouse);
  try {
    const parameters = { ...DEFAULT_PARAMETERS, minCount: 1 };
    return (await session.runFile(path.join(queriesDir(), `${query}.sql`), parameters)).rows;
  } finally {
    session.close();
  }
}

describe('Figures 2, 5 and 6 before and after a probe', () => {
  it('lose their unknowns once the MX hosts are probed', async () => {
    const warehouse = await tempDir('census-probe-figures-');
    await writeDeliveries(warehouse, rows);

    // Before: the reasons of mx-b's opportunistic email are unknown; the software of both is.
    const reasonsBefore = await run(warehouse, 'fig02-reasons');
    const emailBefore = reasonsBefore.filter((r) => r.unit === 'email' && Number(r.count) > 0);
    assert.deepEqual(
      emailBefore.map((r) => [r.category, r.count]),
      [['unknown', 2]],
    );
    const softwareBefore = await run(warehouse, 'fig05-software-results');
    assert.deepEqual(
      [...new Set(softwareBefore.filter((r) => Number(r.count) > 0).map((r) => r.software))],
      ['unknown'],
    );

    await writeProbeTable(
      [
        handProbe({ mxHost: 'mx-a.example.net', ip: '192.0.2.1', probeDay: DAY }),
        handProbe(
          {
            mxHost: 'mx-b.example.net',
            ip: '192.0.2.2',
            probeDay: DAY,
            banner: '220 mx-b ESMTP Exim 4.96',
            software: 'exim',
          },
          { selfSigned: true, nameMismatch: true },
        ),
      ],
      warehouse,
      'run1',
    );

    const overall = await run(warehouse, 'fig01-overall');
    const email = Object.fromEntries(
      overall.filter((r) => r.unit === 'email').map((r) => [r.result, r.count]),
    );
    assert.deepEqual(email, { strict: 3, unverified: 0, opportunistic: 2, failure: 0, none: 0 });

    const reasons = await run(warehouse, 'fig02-reasons');
    const emailReasons = reasons.filter((r) => r.unit === 'email' && Number(r.count) > 0);
    assert.deepEqual(
      emailReasons.map((r) => [r.category, r.count]),
      [['self-signed + mismatch', 2]],
    );

    const software = await run(warehouse, 'fig05-software-results');
    const hosts = software
      .filter((r) => Number(r.count) > 0)
      .map((r) => [r.software, r.result, r.count]);
    assert.deepEqual(hosts.sort(), [
      ['exim', 'opportunistic', 1],
      ['postfix', 'strict', 1],
    ]);
    const softwareReasons = await run(warehouse, 'fig06-software-reasons');
    assert.deepEqual(
      softwareReasons
        .filter((r) => Number(r.count) > 0)
        .map((r) => [r.software, r.category, r.count]),
      [['exim', 'self-signed + mismatch', 1]],
    );
  });
});
