import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Delivery } from '../../pipeline/model/delivery.js';
import { dialectModule } from '../../pipeline/parse/dialects.js';
import type { DialectModule } from '../../pipeline/parse/dialect.js';
import { generateSendmail } from '../../pipeline/sample/sendmail/index.js';
import type { SampleCounts, SampleOptions } from '../../pipeline/sample/jsonl/day.js';
import type { GroundTruthRow } from '../../pipeline/sample/truth.js';
import { parseLines } from '../helpers/parse.js';
import { MemorySink } from './generate.js';

const OPTIONS = { deliveries: 4000, seed: 1, date: '2026-12-01' };
// A delivery line of the MTA's SMTP mailer; each address in its `to=` list is one delivery.
const DELIVERY =
  /^\w{3} [ \d]\d \d\d:\d\d:\d\d \S+ sm-mta\[\d+\]: \w+: to=(.+?), delay=\S+, xdelay=\S+, mailer=esmtp, /;
const SESSION = /^\w{3} [ \d]\d [\d:]+ (\S+ sm-mta\[\d+\]): STARTTLS=client, relay=\S+, version=/;
const QUEUE_ID = /^\w{3} [ \d]\d [\d:]+ (\S+ sm-mta\[\d+\]): (\w+): to=.* mailer=esmtp, /;

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
  const counts = await generateSendmail(options, { log, truth });
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

describe('sendmail sample generator', () => {
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

  it('writes one ground-truth row per recipient of each delivery line, in log order', () => {
    const rowLines: number[] = [];
    sample.lines.forEach((line, i) => {
      const m = DELIVERY.exec(line);
      for (const _ of m?.[1]?.match(/<[^>]*>/g) ?? []) rowLines.push(i + 1);
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

  it('shows every result a sendmail log can prove, and never a checked name', () => {
    assert.deepEqual(set(sample.rows.map((r) => `${r.starttls}/${r.evidence}`)), [
      'failure/handshake-failure',
      'none/no-tls-line',
      'opportunistic/reasons',
      'opportunistic/trust-only',
      'strict/verified',
      'unverified/chain-only',
    ]);
    assert.deepEqual(set(sample.rows.map((r) => r.status)), ['bounced', 'deferred', 'sent']);
    for (const check of ['selfSigned', 'untrustedCa', 'expired'] as const) {
      assert.ok(
        sample.rows.some((r) => r.verdicts[check] === true),
        `no ${check} reason`,
      );
    }
    // sendmail never checks the server's name (LOG-FORMATS §3.1).
    assert.ok(sample.rows.every((r) => r.verdicts.nameMismatch !== true));
    assert.ok(sample.rows.every((r) => r.port === null));
    assert.deepEqual(set(sample.rows.map((r) => r.logHost)), ['mail-out1', 'mail-out2']);
    assert.ok(sample.rows.some((r) => r.status === 'sent' && r.starttls === 'failure'));
    assert.ok(sample.rows.some((r) => r.status === 'deferred' && r.starttls === 'failure'));
  });

  it('writes the lines of a real sendmail log', () => {
    const has = (pattern: RegExp, what: string) =>
      assert.ok(
        sample.lines.some((l) => pattern.test(l)),
        `no ${what}`,
      );
    for (const verify of ['OK', 'FAIL', 'NO', 'TRUSTED']) {
      has(
        new RegExp(
          `: STARTTLS=client, relay=\\S+\\., version=TLSv1[.\\d]*, verify=${verify}, cipher=\\S+, bits=\\d+/\\d+$`,
        ),
        `verify=${verify}`,
      );
    }
    has(
      / mail-out2 sm-mta\[\d+\]: STARTTLS=client, cert-subject=\/CN=\S+, cert-issuer=\S+, verifymsg=self-signed certificate$/,
      'verifymsg',
    );
    has(
      /: STARTTLS=client, error: connect failed=-1, reason=[^,]+, SSL_error=1, errno=0, retry=-1$/,
      'connect failed',
    );
    has(
      /: ruleset=tls_server, arg1=SOFTWARE, relay=\S+[^.], reject=403 4\.7\.0 TLS handshake failed\.$/,
      'tls_server',
    );
    has(
      /, dsn=4\.7\.0, stat=Deferred: 403 4\.7\.0 TLS handshake failed\.$/,
      'deferral after a failed handshake',
    );
    has(/: to=<[^>]+>,<[^>]+>, delay=/, 'several recipients in one line');
    has(/, relay=\S{18}\.\.\.\S{18} \[/, 'a relay name cut short');
    has(/, relay=\S+ \[IPv6:[\da-f:]+\], /, 'an IPv6 relay');
    has(
      / sendmail\[\d+\]: \w+: to=\S+, ctladdr=www-data \(33\/33\), .* mailer=relay, .* relay=\[127\.0\.0\.1\] \[127\.0\.0\.1\], dsn=2\.0\.0, stat=Sent \(\w+ Message accepted for delivery\)$/,
      'submission',
    );
    has(/: \w+: \w+: DSN: User unknown$/, 'DSN');

    // Connection caching: queue ids of several messages after one STARTTLS line of a process.
    const since = new Map<string, Set<string>>();
    let cached = 0;
    for (const line of sample.lines) {
      const session = SESSION.exec(line);
      if (session) since.set(session[1] ?? '', new Set());
      const delivery = QUEUE_ID.exec(line);
      const ids = delivery && since.get(delivery[1] ?? '');
      if (ids && delivery) {
        ids.add(delivery[2] ?? '');
        if (ids.size === 2) cached++;
      }
    }
    assert.ok(cached > 10, `${cached} STARTTLS lines served several messages`);
  });

  it('writes the same log when no ground truth is asked for', async () => {
    const log = new MemorySink();
    const counts = await generateSendmail(OPTIONS, { log });
    assert.ok(log.bytes.equals(sample.log));
    assert.equal(counts.deliveries, OPTIONS.deliveries);
    assert.equal(counts.truthBytes, 0);
  });

  it('gives every delivery the parser reads the result of its ground-truth row', () => {
    assertParsedAsTruth(dialectModule('sendmail') as DialectModule, sample);
  });

  it('agrees with the parser on a larger day of another seed', async () => {
    assertParsedAsTruth(
      dialectModule('sendmail') as DialectModule,
      await generate({ deliveries: 20_000, seed: 9, date: '2026-03-31' }),
    );
  });

  it('is what sample-logs/sendmail/maillog holds (seed 1, 2000 deliveries, 2026-12-01)', async () => {
    const committed = await generate({ deliveries: 2000, seed: 1, date: '2026-12-01' });
    const file = fileURLToPath(new URL('../../sample-logs/sendmail/maillog', import.meta.url));
    assert.ok(
      (await readFile(file)).equals(committed.log),
      'sample-logs/sendmail/maillog is out of date; regenerate it with generateSendmail and these options',
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
