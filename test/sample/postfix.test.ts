import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { generatePostfix } from '../../pipeline/sample/postfix.js';
import { generate, MemorySink, type Sample } from './generate.js';

const OPTIONS = { deliveries: 3000, seed: 1, date: '2026-12-01' };
const STATUS = /, status=(sent|deferred|bounced) \(/;

describe('Postfix sample generator', () => {
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

  it('writes exactly one ground-truth row per delivery line, in log order', () => {
    const deliveryLines: number[] = [];
    sample.lines.forEach((line, i) => {
      if (STATUS.test(line)) deliveryLines.push(i + 1);
    });
    assert.equal(deliveryLines.length, OPTIONS.deliveries);
    assert.equal(sample.counts.deliveries, OPTIONS.deliveries);
    assert.deepEqual(
      sample.rows.map((row) => row.line),
      deliveryLines,
    );
    assert.equal(sample.counts.logLines, sample.lines.length);
    assert.equal(sample.counts.logBytes, sample.log.length);
    assert.equal(sample.counts.truthBytes, sample.truth.length);
  });

  it('shows every STARTTLS result, evidence, status, reason and receiving software', async () => {
    const set = <T>(values: T[]) => [...new Set(values)].sort();
    assert.deepEqual(set(sample.rows.map((r) => r.starttls)), [
      'failure',
      'none',
      'opportunistic',
      'strict',
      'unverified',
    ]);
    assert.deepEqual(set(sample.rows.map((r) => r.evidence)), [
      'anonymous',
      'chain-only',
      'handshake-failure',
      'no-tls-line',
      'plaintext-reuse',
      'reasons',
      'trust-only',
      'verified',
    ]);
    assert.deepEqual(set(sample.rows.map((r) => r.status)), ['bounced', 'deferred', 'sent']);
    for (const check of ['selfSigned', 'untrustedCa', 'nameMismatch', 'expired'] as const) {
      assert.ok(
        sample.rows.some((r) => r.verdicts[check] === true),
        `no row names the ${check} reason`,
      );
    }
    assert.deepEqual(set(sample.rows.map((r) => String(r.software))), [
      'exchange',
      'exim',
      'google',
      'null',
      'postfix',
      'qmail',
      'sendmail',
    ]);
    const versions = new Set(sample.rows.map((r) => r.tlsVersion));
    for (const version of ['TLSv1', 'TLSv1.2', 'TLSv1.3', null]) {
      assert.ok(versions.has(version), `no row with TLS version ${version}`);
    }
    assert.ok(sample.rows.some((r) => r.forwardSecrecy === false));

    const withField = await generate({ ...OPTIONS, tlsField: true });
    assert.ok(withField.rows.some((r) => r.evidence === 'no-starttls'));
  });

  it('spreads several MX hosts and addresses of the big providers over the log', () => {
    const hostsOf = (domains: string[]) =>
      new Set(sample.rows.filter((r) => domains.includes(r.recipientDomain)).map((r) => r.mxHost));
    assert.ok(hostsOf(['gmail.com', 'googlemail.com']).size >= 2);
    assert.ok(hostsOf(['yahoo.com']).size >= 2);
    assert.ok(hostsOf(['web.de']).size >= 2);
    const gmailIps = new Set(
      sample.rows.filter((r) => r.recipientDomain === 'gmail.com').map((r) => r.ip),
    );
    assert.ok(gmailIps.size >= 5);
    assert.ok(sample.lines.some((l) => / TLS connection reused to /.test(l)));
    assert.ok(sample.lines.some((l) => /, conn_use=\d+, /.test(l)));
    assert.ok(new Set(sample.rows.map((r) => r.recipientDomain)).size > 300);
  });

  it('keeps time order over the one day asked for, across hosts and instances', () => {
    const header = /^Dec  1 (\d\d):(\d\d):(\d\d) (\S+) (\S+)\[\d+\]: /;
    let last = -1;
    const programs = new Set<string>();
    const hosts = new Set<string>();
    for (const line of sample.lines) {
      const m = header.exec(line);
      assert.ok(m, `not an RFC 3164 syslog line of Dec 1: ${line}`);
      const seconds = Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
      assert.ok(seconds >= last, `time goes back at: ${line}`);
      last = seconds;
      hosts.add(m[4] ?? '');
      programs.add(m[5] ?? '');
    }
    assert.deepEqual([...hosts].sort(), ['mx-out1', 'mx-out2', 'mx-out3', 'relay-b']);
    for (const program of ['postfix/smtp', 'postfix-out/smtp', 'postfix/qmgr', 'postfix/cleanup']) {
      assert.ok(programs.has(program), `no ${program} lines`);
    }
    // Lines the parser must skip are there too.
    assert.ok(sample.lines.some((l) => /: removed$/.test(l)));
    assert.ok(sample.lines.some((l) => /: connect to \S+: Connection timed out$/.test(l)));
    assert.ok(sample.lines.some((l) => / postfix\/tlsproxy\[\d+\]: /.test(l)));
  });

  it('writes valid UTF-8, with non-ASCII only in recipient addresses', async () => {
    // Seed 3 has IDN recipients spelled as U-labels.
    const idn = await generate({ deliveries: 20_000, seed: 3, date: '2026-12-01' });
    const text = new TextDecoder('utf-8', { fatal: true }).decode(idn.log);
    const unicode = text.split('\n').filter((l) => /[^\x00-\x7f]/.test(l));
    assert.ok(unicode.length > 0, 'expected some IDN recipients');
    for (const line of unicode) {
      assert.match(
        line.replace(/to=<[^>]*>/, '').replace(/<[^>]*>: Recipient/, ''),
        /^[\x00-\x7f]*$/,
      );
    }
    assert.ok(idn.rows.every((r) => /^[\x00-\x7f]+$/.test(r.recipientDomain)));
  });

  it('adds the Postfix 3.11 tls= field without changing anything else in the log', async () => {
    const withField = await generate({ ...OPTIONS, tlsField: true });
    const stripped = withField.log.toString('utf8').replace(/, tls=[^,]+,/g, ',');
    assert.equal(stripped, sample.log.toString('utf8'));
    assert.ok(withField.lines.some((l) => l.includes(', tls=may:none, ')));
    assert.ok(withField.lines.some((l) => l.includes(', tls=verify, ')));
    // Postfix 3.3 on mx-out3 predates the field.
    assert.ok(!withField.lines.some((l) => l.includes(' mx-out3 ') && l.includes(', tls=')));
  });

  it('writes the same log when no ground truth is asked for', async () => {
    const log = new MemorySink();
    const counts = await generatePostfix(OPTIONS, { log });
    assert.ok(log.bytes.equals(sample.log));
    assert.equal(counts.deliveries, OPTIONS.deliveries);
    assert.equal(counts.truthBytes, 0);
  });

  it('rejects options it cannot honour, naming the value', async () => {
    const out = { log: new MemorySink(), truth: new MemorySink() };
    await assert.rejects(generatePostfix({ ...OPTIONS, deliveries: 0 }, out), /deliveries.*0/);
    await assert.rejects(generatePostfix({ ...OPTIONS, seed: 1.5 }, out), /seed.*1\.5/);
    await assert.rejects(generatePostfix({ ...OPTIONS, date: '2026-02-30' }, out), /2026-02-30/);
  });
});
