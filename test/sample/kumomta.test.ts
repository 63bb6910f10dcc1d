import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Delivery } from '../../pipeline/model/delivery.js';
import { dialectModule } from '../../pipeline/parse/dialects.js';
import type { DialectModule } from '../../pipeline/parse/dialect.js';
import { generateKumomta } from '../../pipeline/sample/kumomta/index.js';
import type { SampleCounts, SampleOptions } from '../../pipeline/sample/jsonl/day.js';
import type { GroundTruthRow } from '../../pipeline/sample/truth.js';
import { parseLines } from '../helpers/parse.js';
import { MemorySink } from './generate.js';

const OPTIONS = { deliveries: 4000, seed: 1, date: '2026-12-01' };
const ATTEMPTS = new Set(['Delivery', 'TransientFailure', 'Bounce']);

interface KumoRecord {
  type: string;
  id: string;
  recipient: string | string[];
  response: { content: string; enhanced_code: unknown };
  peer_address: { name: string; addr: string } | null;
  tls_cipher?: string;
  tls_protocol_version?: string;
  session_id?: string;
}

interface Sample {
  log: Buffer;
  truth: Buffer;
  counts: SampleCounts;
  lines: string[];
  rows: GroundTruthRow[];
}

async function generate(options: SampleOptions): Promise<Sample> {
  const log = new MemorySink();
  const truth = new MemorySink();
  const counts = await generateKumomta(options, { log, truth });
  const lines = log.bytes.toString('utf8').split('\n');
  if (lines.at(-1) === '') lines.pop();
  const rows = truth.bytes
    .toString('utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as GroundTruthRow);
  return { log: log.bytes, truth: truth.bytes, counts, lines, rows };
}

/** A parsed delivery in the shape of a ground-truth row. */
function asRow(d: Delivery): GroundTruthRow {
  return {
    line: d.sourceLine,
    logHost: d.logHost,
    queueId: d.queueId,
    recipientDomain: d.recipientDomain,
    mxHost: d.mxHost,
    ip: d.ip,
    port: d.port,
    status: d.status,
    dsn: d.dsn,
    starttls: d.starttls,
    evidence: d.evidence,
    verdicts: d.verdicts,
    tlsVersion: d.tlsVersion,
    cipher: d.cipher,
    forwardSecrecy: d.forwardSecrecy,
    software: d.software,
  };
}

const set = <T>(values: T[]) => [...new Set(values)].sort();

describe('KumoMTA sample generator', () => {
  let sample: Sample;
  let records: KumoRecord[];
  before(async () => {
    sample = await generate(OPTIONS);
    records = sample.lines.map((l) => JSON.parse(l) as KumoRecord);
  });

  it('writes the same bytes for the same options, other bytes for another seed', async () => {
    const again = await generate(OPTIONS);
    assert.ok(again.log.equals(sample.log), 'the log differs between two runs');
    assert.ok(again.truth.equals(sample.truth), 'the ground truth differs between two runs');
    const other = await generate({ ...OPTIONS, seed: 2 });
    assert.ok(!other.log.equals(sample.log));
  });

  it('writes one ground-truth row per recipient of each attempt record, in log order', () => {
    const rowLines: number[] = [];
    records.forEach((record, i) => {
      if (!ATTEMPTS.has(record.type)) return;
      const recipients = Array.isArray(record.recipient) ? record.recipient : [record.recipient];
      for (const _ of recipients) rowLines.push(i + 1);
    });
    assert.equal(rowLines.length, OPTIONS.deliveries);
    assert.deepEqual(
      sample.rows.map((row) => row.line),
      rowLines,
    );
    assert.deepEqual(sample.counts, {
      deliveries: OPTIONS.deliveries,
      messages: sample.counts.messages,
      logLines: sample.lines.length,
      logBytes: sample.log.length,
      truthBytes: sample.truth.length,
    });
  });

  it('shows every result a KumoMTA log can prove, with the reasons rustls names', () => {
    assert.deepEqual(set(sample.rows.map((r) => `${r.starttls}/${r.evidence}`)), [
      'failure/handshake-failure',
      'none/no-tls-line',
      'unverified/tls-only',
    ]);
    assert.deepEqual(set(sample.rows.map((r) => r.status)), ['bounced', 'deferred', 'sent']);
    for (const check of ['untrustedCa', 'nameMismatch', 'expired'] as const) {
      assert.ok(
        sample.rows.some((r) => r.starttls === 'failure' && r.verdicts[check] === true),
        `no failure naming ${check}`,
      );
    }
    // Nothing about the certificate of an encrypted delivery is logged.
    assert.ok(sample.rows.every((r) => r.starttls !== 'unverified' || r.verdicts.expired === null));
    assert.deepEqual(set(sample.rows.map((r) => r.logHost)), ['ip-1', 'ip-2']);
    assert.deepEqual(set(sample.rows.map((r) => String(r.tlsVersion))), [
      'TLSv1.2',
      'TLSv1.3',
      'null',
    ]);
  });

  it('writes the records of a real KumoMTA log', () => {
    const some = (test: (r: KumoRecord, i: number) => boolean, what: string) =>
      assert.ok(records.some(test), `no ${what}`);
    some((r) => r.type === 'Reception' && r.peer_address?.addr === '127.0.0.1', 'Reception');
    some((r) => Array.isArray(r.recipient) && r.recipient.length > 1, 'multi-recipient record');
    some(
      (r) => r.tls_cipher === 'TLS13_AES_256_GCM_SHA384' && r.tls_protocol_version === 'TLSv1_3',
      'rustls TLS 1.3',
    );
    some((r) => r.tls_cipher === 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', 'TLS 1.2 suite');
    some((r) => r.type === 'Delivery' && r.tls_cipher === undefined, 'Delivery in clear');
    some((r) => r.type === 'Bounce' && r.response.enhanced_code !== null, 'Bounce');
    some(
      (r) =>
        /ResolvedAddress \{ name: "\S+\.", addr: \S+ \}:25 failed: invalid peer certificate: /.test(
          r.response.content,
        ),
      'failed handshake under a TLS policy',
    );
    // The clear retry after "will re-connect in the clear" comes next for that message.
    some((r, i) => {
      const next = records.slice(i + 1).find((n) => n.id === r.id);
      return (
        /, will re-connect in the clear because /.test(r.response.content) &&
        next?.type === 'Delivery' &&
        next.tls_cipher === undefined
      );
    }, 'reconnect in clear');
    // One session carries several messages.
    const messagesPerSession = new Map<string, Set<string>>();
    for (const r of records) {
      if (r.session_id === undefined) continue;
      const ids = messagesPerSession.get(r.session_id) ?? new Set();
      messagesPerSession.set(r.session_id, ids.add(r.id));
    }
    assert.ok([...messagesPerSession.values()].some((ids) => ids.size > 2));
  });

  it('writes the same log when no ground truth is asked for', async () => {
    const log = new MemorySink();
    const counts = await generateKumomta(OPTIONS, { log });
    assert.ok(log.bytes.equals(sample.log));
    assert.equal(counts.deliveries, OPTIONS.deliveries);
    assert.equal(counts.truthBytes, 0);
  });

  it('gives every delivery the parser reads the result of its ground-truth row', () => {
    assertParsedAsTruth(dialectModule('kumomta') as DialectModule, sample);
  });

  it('agrees with the parser on a larger day of another seed', async () => {
    assertParsedAsTruth(
      dialectModule('kumomta') as DialectModule,
      await generate({ deliveries: 20_000, seed: 9, date: '2027-02-28' }),
    );
  });

  it('is what sample-logs/kumomta/log.jsonl holds (seed 1, 2000 deliveries, 2026-12-01)', async () => {
    const committed = await generate({ deliveries: 2000, seed: 1, date: '2026-12-01' });
    const file = fileURLToPath(new URL('../../sample-logs/kumomta/log.jsonl', import.meta.url));
    assert.ok(
      (await readFile(file)).equals(committed.log),
      'sample-logs/kumomta/log.jsonl is out of date; regenerate it with generateKumomta and these options',
    );
  });
});

function assertParsedAsTruth(module: DialectModule, sample: Sample): void {
  const { deliveries, outcomes } = parseLines(module, sample.lines, { year: 2026 });
  assert.deepEqual(
    outcomes.filter((o) => o.kind === 'quarantined'),
    [],
  );
  const parsed = deliveries.map(asRow);
  for (let i = 0; i < Math.max(parsed.length, sample.rows.length); i++) {
    const row = sample.rows[i];
    assert.deepEqual(parsed[i], row, `row ${i}: ${sample.lines[(row?.line ?? 1) - 1] ?? ''}`);
  }
}
