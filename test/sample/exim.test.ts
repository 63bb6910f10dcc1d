import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Delivery } from '../../pipeline/model/delivery.js';
import { dialectModule } from '../../pipeline/parse/dialects.js';
import type { DialectModule } from '../../pipeline/parse/dialect.js';
import { generateExim } from '../../pipeline/sample/exim/index.js';
import type { SampleCounts, SampleOptions } from '../../pipeline/sample/jsonl/day.js';
import type { GroundTruthRow } from '../../pipeline/sample/truth.js';
import { parseLines } from '../helpers/parse.js';
import { MemorySink } from './generate.js';

const OPTIONS = { deliveries: 4000, seed: 1, date: '2026-12-01' };
// A delivery line: the flag, the recipient, then the fields with `H=` (local deliveries have none).
const DELIVERY = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \S+ (?:=>|->|\*\*|==) \S+ .* H=\S+ \[/;

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
  const counts = await generateExim(options, { log, truth });
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

describe('Exim sample generator', () => {
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

  it('writes one ground-truth row per delivery line, in log order', () => {
    const deliveryLines: number[] = [];
    sample.lines.forEach((line, i) => {
      if (DELIVERY.test(line)) deliveryLines.push(i + 1);
    });
    assert.equal(deliveryLines.length, OPTIONS.deliveries);
    assert.deepEqual(
      sample.rows.map((row) => row.line),
      deliveryLines,
    );
    assert.deepEqual(sample.counts, {
      deliveries: OPTIONS.deliveries,
      messages: sample.counts.messages,
      logLines: sample.lines.length,
      logBytes: sample.log.length,
      truthBytes: sample.truth.length,
    });
  });

  it('shows every result an Exim log can prove, every reason, status and software', () => {
    assert.deepEqual(set(sample.rows.map((r) => `${r.starttls}/${r.evidence}`)), [
      'failure/handshake-failure',
      'none/no-tls-line',
      'opportunistic/reasons',
      'strict/verified',
    ]);
    assert.deepEqual(set(sample.rows.map((r) => r.status)), ['bounced', 'deferred', 'sent']);
    for (const check of ['selfSigned', 'untrustedCa', 'nameMismatch', 'expired'] as const) {
      assert.ok(
        sample.rows.some((r) => r.verdicts[check] === true),
        `no ${check} reason`,
      );
    }
    // OpenSSL builds name every failing check: combinations show.
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
  });

  it('writes the lines of a real main log', () => {
    const has = (pattern: RegExp, what: string) =>
      assert.ok(
        sample.lines.some((l) => pattern.test(l)),
        `no ${what}`,
      );
    has(/ <= \S+ H=\S+ \[10\.20\.0\.\d+\] P=esmtps X=TLS1\.3:/, 'arrival from an app server');
    has(/ <= \S+ U=www-data P=local S=\d+ id=/, 'local submission');
    has(
      / \[[\d.:a-f]+\] SSL verify error: depth=0 error=self-signed certificate cert=\/CN=/,
      'self-signed',
    );
    has(
      / SSL verify error: certificate name mismatch: DN="\/CN=[^"]+" H="[^"]+"$/,
      'name mismatch',
    );
    has(
      / TLS session: \(SSL_connect\): .*: delivering unencrypted to H=\S+ \[\S+\] \(not in hosts_require_tls\)$/,
      'fallback',
    );
    has(
      / => \S+ R=dnslookup T=remote_smtp H=\S+ \[\S+\] X=TLS1\.3:TLS_AES_\d+_GCM_SHA\d+:\d+ CV=yes C="250 /,
      'CV=yes',
    );
    has(/ X=TLS1\.2:ECDHE-RSA-AES\d+-GCM-SHA\d+:\d+ CV=no C="/, 'CV=no');
    has(/ -> \S+ R=dnslookup /, 'second address of a transaction');
    has(/ H=\S+ \[\S+\]\* X=/, 'continued connection');
    has(
      / == \S+ R=dnslookup T=remote_smtp defer \(-44\) H=\S+ \[\S+\]: SMTP error from remote mail server after RCPT TO:<\S+>: 450 /,
      'greylisting',
    );
    has(
      / \*\* \S+ R=dnslookup T=remote_smtp H=\S+ \[\S+\]( X=\S+ CV=\w+)?: SMTP error from remote mail server after RCPT TO:/,
      'bounce',
    );
    has(/ <= <> R=\S+ U=Debian-exim P=local S=\d+$/, 'bounce message');
    has(/ Completed$/, 'Completed');
    has(/ Start queue run: pid=\d+$/, 'queue run');
  });

  it('writes the same log when no ground truth is asked for', async () => {
    const log = new MemorySink();
    const counts = await generateExim(OPTIONS, { log });
    assert.ok(log.bytes.equals(sample.log));
    assert.equal(counts.deliveries, OPTIONS.deliveries);
    assert.equal(counts.truthBytes, 0);
  });

  it('gives every delivery the parser reads the result of its ground-truth row', () => {
    assertParsedAsTruth(dialectModule('exim') as DialectModule, sample);
  });

  it('agrees with the parser on a larger day of another seed', async () => {
    assertParsedAsTruth(
      dialectModule('exim') as DialectModule,
      await generate({ deliveries: 20_000, seed: 9, date: '2027-02-28' }),
    );
  });

  it('is what sample-logs/exim/mainlog holds (seed 1, 2000 deliveries, 2026-12-01)', async () => {
    const committed = await generate({ deliveries: 2000, seed: 1, date: '2026-12-01' });
    const file = fileURLToPath(new URL('../../sample-logs/exim/mainlog', import.meta.url));
    assert.ok(
      (await readFile(file)).equals(committed.log),
      'sample-logs/exim/mainlog is out of date; regenerate it with generateExim and these options',
    );
  });

  it('rejects options it cannot honour, naming the value', async () => {
    const out = { log: new MemorySink(), truth: new MemorySink() };
    await assert.rejects(generateExim({ ...OPTIONS, deliveries: 0 }, out), /deliveries.*0/);
    await assert.rejects(generateExim({ ...OPTIONS, seed: 1.5 }, out), /seed.*1\.5/);
    await assert.rejects(generateExim({ ...OPTIONS, date: '2026-02-30' }, out), /2026-02-30/);
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
