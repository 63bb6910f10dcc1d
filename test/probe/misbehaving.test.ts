import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { performance } from 'node:perf_hooks';
import { after, before, describe, it } from 'node:test';
import { UNKNOWN_VERDICTS } from '../../pipeline/model/delivery.js';
import type { ProbeRecord } from '../../pipeline/probe/record.js';
import { tempDir } from '../read/temp-dir.js';
import { makeTestPki } from './certificates.js';
import { probeAll, targetOf } from './harness.js';
import { startFakeServer, type FakeServer, type FakeServerOptions } from './smtp-server.js';

const TIMEOUT = 300;
// Generous: a loaded machine may be slow to schedule, but nowhere near a second per step.
const SLACK = 700;

interface Case {
  name: string;
  server: Omit<FakeServerOptions, 'host' | 'tls'>;
  expected: Pick<ProbeRecord, 'outcome' | 'error' | 'attempts'>;
  /** The most the target may cost, in milliseconds, before SLACK. */
  budget: number;
  commands: string[];
}

const CASES: Case[] = [
  {
    name: 'a server that stalls costs its read timeout',
    server: { misbehave: 'stall' },
    expected: { outcome: 'protocol-error', error: 'no greeting within 300 ms', attempts: 1 },
    budget: TIMEOUT,
    commands: [],
  },
  {
    name: 'a server that resets',
    server: { misbehave: 'reset' },
    expected: {
      outcome: 'protocol-error',
      error: 'the server reset the connection (awaiting the greeting)',
      attempts: 1,
    },
    budget: 0,
    commands: [],
  },
  {
    name: 'a server that sends garbage',
    server: { misbehave: 'garbage' },
    expected: {
      outcome: 'protocol-error',
      error: 'not an SMTP reply: "HTTP/1.1 400 Bad Request" (awaiting the greeting)',
      attempts: 1,
    },
    budget: 0,
    commands: [],
  },
  {
    name: 'a server that sends an endless line',
    server: { misbehave: 'endless-line' },
    expected: {
      outcome: 'protocol-error',
      error: 'a line longer than 2048 bytes (awaiting the greeting)',
      attempts: 1,
    },
    budget: 0,
    commands: [],
  },
  {
    name: 'a server that sends an endless multi-line greeting',
    server: { misbehave: 'endless-reply' },
    expected: {
      outcome: 'protocol-error',
      error: 'more than 100 reply lines (awaiting the greeting)',
      attempts: 1,
    },
    budget: 0,
    commands: [],
  },
  {
    name: 'STARTTLS offered, then garbage instead of a TLS handshake',
    server: { misbehave: 'tls-garbage' },
    expected: {
      outcome: 'handshake-failed',
      error: 'TLS handshake failed: wrong version number',
      attempts: 1,
    },
    budget: 0,
    commands: ['EHLO probe.census.test', 'STARTTLS'],
  },
  {
    name: 'STARTTLS offered, then a reset on the ClientHello',
    server: { misbehave: 'tls-reset' },
    expected: {
      outcome: 'handshake-failed',
      error: 'the server closed the connection during the TLS handshake',
      attempts: 1,
    },
    budget: 0,
    commands: ['EHLO probe.census.test', 'STARTTLS'],
  },
  {
    name: 'STARTTLS offered, then no answer to the ClientHello',
    server: { misbehave: 'tls-stall' },
    expected: {
      outcome: 'handshake-failed',
      error: 'no TLS handshake within 300 ms',
      attempts: 1,
    },
    budget: TIMEOUT,
    commands: ['EHLO probe.census.test', 'STARTTLS'],
  },
  {
    name: 'bytes behind the 220 to STARTTLS are refused, not fed to TLS',
    server: { misbehave: 'early-bytes' },
    expected: {
      outcome: 'handshake-failed',
      error: 'the server sent 16 bytes after its 220 reply, before the TLS handshake',
      attempts: 1,
    },
    budget: 0,
    commands: ['EHLO probe.census.test', 'STARTTLS'],
  },
  {
    name: 'STARTTLS refused with a 4xx is retried, then a handshake failure',
    server: { misbehave: 'refuse-starttls' },
    expected: {
      outcome: 'handshake-failed',
      error: 'STARTTLS refused: 454 4.7.0 TLS not available due to local problem',
      attempts: 2,
    },
    budget: 50,
    commands: ['EHLO probe.census.test', 'STARTTLS', 'QUIT'],
  },
  {
    name: 'a 421 greeting is retried with backoff, and then the session succeeds',
    server: { greetings: [['421 4.3.2 Service not available, closing transmission channel']] },
    expected: { outcome: 'ok', error: null, attempts: 2 },
    budget: 50,
    commands: ['EHLO probe.census.test', 'STARTTLS', 'QUIT'],
  },
  {
    name: 'a 554 greeting is final',
    server: { banner: ['554 5.7.1 No SMTP service here'] },
    expected: {
      outcome: 'unreachable',
      error: 'greeting refused service: 554 5.7.1 No SMTP service here',
      attempts: 1,
    },
    budget: 0,
    commands: ['QUIT'],
  },
  {
    name: 'EHLO refused means no STARTTLS',
    server: { ehlo: ['502 5.5.2 Error: command not recognized'] },
    expected: {
      outcome: 'no-starttls',
      error: 'EHLO refused: 502 5.5.2 Error: command not recognized',
      attempts: 1,
    },
    budget: 0,
    commands: ['EHLO probe.census.test', 'QUIT'],
  },
];

describe('probe: servers that misbehave cost at most their timeouts', () => {
  const servers: FakeServer[] = [];
  let records: ProbeRecord[] = [];
  let refused: ProbeRecord;
  let runMillis = 0;

  before(async () => {
    const pki = makeTestPki(await tempDir('census-probe-pki-'));
    for (const [i, c] of CASES.entries()) {
      const server = await startFakeServer({
        ...c.server,
        host: `127.0.2.${10 + i}`,
        tls: { key: pki.leafKey, cert: pki.good.pem },
      });
      servers.push(server);
    }
    // A port nobody listens on: take one, then give it back.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.2.99', resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));

    const started = performance.now();
    const all = await probeAll(
      [
        ...servers.map((s) => targetOf(s, 'mx.good.test')),
        { mxHost: 'mx.closed.test', ip: '127.0.2.99', port },
      ],
      {
        connectTimeoutMillis: TIMEOUT,
        readTimeoutMillis: TIMEOUT,
        retries: 1,
        retryBackoffMillis: 50,
        concurrency: 16,
      },
    );
    runMillis = performance.now() - started;
    records = all.slice(0, CASES.length);
    refused = all[CASES.length]!;
  });
  after(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });

  for (const [i, c] of CASES.entries()) {
    it(c.name, () => {
      const r = records[i]!;
      assert.deepEqual(
        { outcome: r.outcome, error: r.error, attempts: r.attempts },
        c.expected,
        JSON.stringify(r),
      );
      assert.ok(r.durationMillis! <= c.budget + SLACK, `took ${r.durationMillis} ms`);
      assert.equal(servers[i]!.connections.length, c.expected.attempts);
      const last = servers[i]!.connections.at(-1)!;
      assert.deepEqual(last.commands, c.commands);
      if (r.outcome !== 'ok') {
        assert.equal(r.tlsVersion, null);
        assert.equal(r.certificate, null);
        assert.deepEqual(r.verdicts, UNKNOWN_VERDICTS);
        assert.equal(r.strict, null);
      }
    });
  }

  it('a refused connection is retried, then unreachable', () => {
    assert.deepEqual(
      { outcome: refused.outcome, error: refused.error, attempts: refused.attempts },
      { outcome: 'unreachable', error: 'connection refused', attempts: 2 },
    );
    assert.equal(refused.banner, null);
    assert.equal(refused.starttlsAdvertised, null);
  });

  it('a retry waits for its backoff', () => {
    const retried = servers[CASES.findIndex((c) => c.name.startsWith('a 421'))]!;
    const [first, second] = retried.connections;
    assert.ok(second!.openedAt - first!.openedAt >= 45, 'backoff of 50 ms');
  });

  it('the whole run costs about the slowest target, since they run at once', () => {
    assert.ok(runMillis < TIMEOUT + 50 + SLACK * 2, `run took ${runMillis} ms`);
  });

  it('a greeting is recorded when it was SMTP, not when it was garbage', () => {
    const ok = records[CASES.findIndex((c) => c.expected.outcome === 'ok')]!;
    assert.equal(ok.banner, '220 mx.test ESMTP Postfix');
    assert.equal(records[2]!.banner, null);
  });
});

describe('probe: a server that does not offer STARTTLS', () => {
  let server: FakeServer;
  let record: ProbeRecord;
  before(async () => {
    server = await startFakeServer({
      host: '127.0.2.100',
      banner: ['220-mx.plain.test ESMTP Exim 4.97 Mon, 01 Dec 2026 10:00:00 +0000', '220 welcome'],
      ehlo: ['250-mx.plain.test Hello', '250-PIPELINING', '250 8BITMIME'],
    });
    [record] = (await probeAll([targetOf(server, 'mx.plain.test')])) as [ProbeRecord];
  });
  after(() => server.close());

  it('is recorded with its greeting and extensions, and no TLS facts', () => {
    const { durationMillis, ...rest } = record;
    assert.ok(durationMillis !== null && durationMillis < 1000);
    assert.deepEqual(rest, {
      probeDay: '2030-06-15',
      probedAtMillis: Date.UTC(2030, 5, 15, 12),
      source: 'probe',
      mxHost: 'mx.plain.test',
      ip: '127.0.2.100',
      port: server.port,
      outcome: 'no-starttls',
      banner: '220-mx.plain.test ESMTP Exim 4.97 Mon, 01 Dec 2026 10:00:00 +0000\n220 welcome',
      software: 'exim',
      ehloKeywords: ['PIPELINING', '8BITMIME'],
      starttlsAdvertised: false,
      tlsVersion: null,
      cipher: null,
      forwardSecrecy: null,
      keyExchange: null,
      certificate: null,
      verdicts: UNKNOWN_VERDICTS,
      strict: null,
      error: null,
      attempts: 1,
    });
    assert.deepEqual(server.connections[0]!.commands, ['EHLO probe.census.test', 'QUIT']);
  });
});
