import assert from 'node:assert/strict';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ingest } from '../../pipeline/ingest/ingest.js';
import { DEFAULT_PARAMETERS, WarehouseSession } from '../../pipeline/query/run-query.js';
import { generatePostfix } from '../../pipeline/sample/postfix.js';
import type { GroundTruthRow } from '../../pipeline/sample/truth.js';
import { ingestOptions } from '../helpers/ingest.js';

// The whole pipeline (read, parse, correlate, classify, write Parquet, read back with SQL) on
// generated logs must give, for every delivery line, the result the generator knows it logged.
async function generated(dir: string, seed: number, tlsField: boolean) {
  const log = path.join(dir, 'mail.log');
  const truth = path.join(dir, 'truth.jsonl');
  const logStream = createWriteStream(log);
  const truthStream = createWriteStream(truth);
  await generatePostfix(
    { deliveries: 4000, seed, date: '2026-12-01', tlsField },
    {
      log: logStream,
      truth: truthStream,
    },
  );
  await Promise.all(
    [logStream, truthStream].map((s) => new Promise<void>((done) => s.end(() => done()))),
  );
  const rows = (await readFile(truth, 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as GroundTruthRow);
  return { log, rows };
}

for (const [seed, tlsField] of [
  [7, false],
  [8, true],
] as const) {
  describe(`Postfix pipeline against the generator's ground truth (seed ${seed}${tlsField ? ', tls= field' : ''})`, () => {
    it('reproduces every delivery exactly', async () => {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'census-truth-'));
      const { log, rows: truth } = await generated(dir, seed, tlsField);
      const warehouse = path.join(dir, 'wh');
      const result = await ingest(ingestOptions([log], warehouse, { year: 2026 }));
      assert.equal(result.linesQuarantined, 0);
      assert.equal(result.rowsWritten, truth.length);

      const session = await WarehouseSession.open(warehouse);
      try {
        const { rows } = await session.run(
          `SELECT source_line, log_host, queue_id, recipient_domain, mx_host, ip, port, status, dsn,
                  starttls, evidence, cert_self_signed, cert_untrusted_ca, cert_name_mismatch,
                  cert_expired, tls_version, cipher, forward_secrecy, software
           FROM deliveries_log ORDER BY source_line`,
          DEFAULT_PARAMETERS,
        );
        const got = rows.map((r) => ({
          line: r.source_line,
          logHost: r.log_host,
          queueId: r.queue_id,
          recipientDomain: r.recipient_domain,
          mxHost: r.mx_host,
          ip: r.ip,
          port: r.port,
          status: r.status,
          dsn: r.dsn,
          starttls: r.starttls,
          evidence: r.evidence,
          verdicts: {
            selfSigned: r.cert_self_signed,
            untrustedCa: r.cert_untrusted_ca,
            nameMismatch: r.cert_name_mismatch,
            expired: r.cert_expired,
          },
          tlsVersion: r.tls_version,
          cipher: r.cipher,
          forwardSecrecy: r.forward_secrecy,
          software: r.software,
        }));
        for (let i = 0; i < truth.length; i++) {
          assert.deepEqual(got[i], truth[i], `delivery line ${truth[i]?.line}`);
        }
        // Every result appears, so no part of the mapping goes untested.
        const results = new Set(truth.map((t) => t.starttls));
        assert.deepEqual([...results].sort(), [
          'failure',
          'none',
          'opportunistic',
          'strict',
          'unverified',
        ]);
      } finally {
        session.close();
      }
    });
  });
}
