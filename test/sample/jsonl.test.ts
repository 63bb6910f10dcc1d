import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Delivery } from '../../pipeline/model/delivery.js';
import { dialectModule } from '../../pipeline/parse/dialects.js';
import type { DialectModule } from '../../pipeline/parse/dialect.js';
import { generateJsonl } from '../../pipeline/sample/jsonl/index.js';
import type { SampleCounts, SampleOptions } from '../../pipeline/sample/jsonl/day.js';
import type { GroundTruthRow } from '../../pipeline/sample/truth.js';
import { parseLines } from '../helpers/parse.js';
import { MemorySink } from './generate.js';

const OPTIONS = { deliveries: 4000, seed: 1, date: '2026-12-01' };
const RECORD = /^\{"format":"starttls-census\/v1","time":"2026-12-01T\d\d:\d\d:\d\d\.\d{3}Z",/;

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
  const counts = await generateJsonl(options, { log, truth });
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

describe('canonical JSONL sample generator', () => {
  let sample: Sample;
  before(async () => {
    sample = await generate(OPTIONS);
  });

  it('writes the same bytes for the same options, other bytes for another seed', async () => {
    const again = await generate(OPTIONS);
    assert.ok(again.log.equals(sample.log), 'the log differs between two runs');
    assert.ok(again.truth.equals(sample.truth), 'the ground truth differs between two runs');
    const other = await generate({ ...OPTIONS, seed: 2 });
    assert.ok(!other.log.equals(sample.log));
  });

  it('writes one ground-truth row per record, in order', () => {
    assert.ok(sample.lines.every((line) => RECORD.test(line)));
    assert.equal(sample.lines.length, OPTIONS.deliveries);
    assert.deepEqual(
      sample.rows.map((row) => row.line),
      sample.lines.map((_, i) => i + 1),
    );
    assert.deepEqual(sample.counts, {
      deliveries: OPTIONS.deliveries,
      messages: sample.counts.messages,
      logLines: sample.lines.length,
      logBytes: sample.log.length,
      truthBytes: sample.truth.length,
    });
  });

  it('shows every result and every kind of evidence the format can carry', () => {
    assert.deepEqual(set(sample.rows.map((r) => `${r.starttls}/${r.evidence}`)), [
      'failure/handshake-failure',
      'none/no-starttls',
      'none/no-tls-line',
      'opportunistic/reasons',
      'opportunistic/trust-only',
      'strict/verified',
      'unverified/chain-only',
      'unverified/tls-only',
    ]);
    assert.deepEqual(set(sample.rows.map((r) => r.status)), ['bounced', 'deferred', 'sent']);
    for (const check of ['selfSigned', 'untrustedCa', 'nameMismatch', 'expired'] as const) {
      assert.ok(
        sample.rows.some((r) => r.starttls === 'opportunistic' && r.verdicts[check] === true),
        `no ${check} reason`,
      );
      assert.ok(
        sample.rows.some((r) => r.starttls === 'failure' && r.verdicts[check] === true),
        `no refused certificate with ${check}`,
      );
    }
    assert.ok(sample.rows.some((r) => r.verdicts.selfSigned && r.verdicts.nameMismatch));
    assert.deepEqual(set(sample.rows.map((r) => String(r.software))), [
      'exchange',
      'exim',
      'google',
      'null',
      'postfix',
      'qmail',
      'sendmail',
    ]);
    assert.deepEqual(set(sample.rows.map((r) => r.logHost)), [
      'out1.acme-retail.example',
      'out2.acme-retail.example',
      'out3.acme-retail.example',
    ]);
  });

  it('writes what the three exporters know, and leaves out what they do not', () => {
    const has = (pattern: RegExp, what: string) =>
      assert.ok(
        sample.lines.some((l) => pattern.test(l)),
        `no ${what}`,
      );
    has(/"banner":"220 \S+ ESMTP Postfix/, 'banner');
    has(/"starttls_advertised":false,"connection_use":\d+\}$/, 'server without STARTTLS');
    has(/"connection_use":[2-9]/, 'reused connection');
    has(
      /"host":"out2\.acme-retail\.example","queue_id":"\w+","recipient":"[^"@]+@/,
      'full recipient',
    );
    has(
      /"key_exchange":"X25519","certificate":\{"verified":true,"self_signed":false,/,
      'full checks',
    );
    has(/"certificate":\{"verified":false,"subject":/, 'verdict only');
    has(
      /"certificate":\{"verified":null,"self_signed":false,"untrusted_ca":false,"name_mismatch":null,/,
      'no name check',
    );
    has(/"certificate":null\}\}$/, 'anonymous suite');
    has(
      /"tls":\{"attempted":true,"established":false,"error":"error:0A000\w+:SSL routines::/,
      'handshake failure',
    );
    has(
      /"status":"deferred","dsn":"4\.7\.5",.*"error":"certificate verify failed: /,
      'refused certificate',
    );
    has(/"issuer":"C=US, O=Let's Encrypt, CN=R1\d"/, 'issuer');
  });

  it('writes the same log when no ground truth is asked for', async () => {
    const log = new MemorySink();
    const counts = await generateJsonl(OPTIONS, { log });
    assert.ok(log.bytes.equals(sample.log));
    assert.equal(counts.deliveries, OPTIONS.deliveries);
    assert.equal(counts.truthBytes, 0);
  });

  it('gives every delivery the parser reads the result of its ground-truth row', () => {
    assertParsedAsTruth(dialectModule('jsonl') as DialectModule, sample);
  });

  it('agrees with the parser on a larger day of another seed', async () => {
    assertParsedAsTruth(
      dialectModule('jsonl') as DialectModule,
      await generate({ deliveries: 20_000, seed: 9, date: '2027-02-28' }),
    );
  });

  it('is what sample-logs/jsonl/deliveries.jsonl holds (seed 1, 2000, 2026-12-01)', async () => {
    const committed = await generate({ deliveries: 2000, seed: 1, date: '2026-12-01' });
    const file = fileURLToPath(
      new URL('../../sample-logs/jsonl/deliveries.jsonl', import.meta.url),
    );
    assert.ok(
      (await readFile(file)).equals(committed.log),
      'sample-logs/jsonl/deliveries.jsonl is out of date; regenerate it with generateJsonl and these options',
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
