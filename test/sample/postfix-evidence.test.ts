import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { domainToASCII } from 'node:url';
import type { GroundTruthRow } from '../../pipeline/sample/truth.js';
import { generate } from './generate.js';

// Reads the log back with plain regular expressions, independently of the generator and of
// the pipeline's parser, and checks that each ground-truth row says what its lines show.
const HEADER = /^\w{3} [ \d]\d \d\d:\d\d:\d\d (\S+) (\S+)\[(\d+)\]: (.*)$/;
const DELIVERY = new RegExp(
  [
    '^([0-9A-Za-z]+): to=<([^>]*)>(?:, orig_to=<[^>]*>)?',
    ', relay=([^[\\s]+)\\[([^\\]]+)\\]:(\\d+)(?:, conn_use=(\\d+))?',
    ', delay=[\\d.]+, delays=[\\d.]+/[\\d.]+/[\\d.]+/[\\d.]+(?:, tls=(\\S+))?',
    ', dsn=(\\d\\.\\d{1,3}\\.\\d{1,3}), status=(sent|deferred|bounced) \\((.*)\\)$',
  ].join(''),
);
const SUMMARY = new RegExp(
  '^(Anonymous|Untrusted|Trusted|Verified) TLS connection (?:established|reused) to ' +
    '(\\S+): (\\S+) with cipher (\\S+) ',
);
const VERIFY = /^(?:server )?certificate verification failed for (\S+): /;
const HANDSHAKE = /^SSL_connect error to (\S+): /;

interface ProcessState {
  session: {
    trust: string;
    relay: string;
    verified: boolean;
    queueId: string | null;
    version: string;
    cipher: string;
  } | null;
  verifyRelay: string | null;
  failedRelay: string | null;
}

const TRUST_OF: Partial<Record<string, string>> = {
  verified: 'Verified',
  'chain-only': 'Trusted',
  'trust-only': 'Untrusted',
  anonymous: 'Anonymous',
};

function check(lines: string[], rows: GroundTruthRow[]): void {
  const byLine = new Map(rows.map((r) => [r.line, r]));
  const processes = new Map<string, ProcessState>();
  lines.forEach((line, i) => {
    const header = HEADER.exec(line);
    assert.ok(header, `line ${i + 1} has no syslog header`);
    const [, host = '', program = '', pid = '', message = ''] = header;
    if (!program.endsWith('/smtp')) return;
    const key = `${host} ${program} ${pid}`;
    const state = processes.get(key) ?? { session: null, verifyRelay: null, failedRelay: null };
    processes.set(key, state);

    const summary = SUMMARY.exec(message);
    if (summary) {
      const relay = summary[2] ?? '';
      state.session = {
        trust: summary[1] ?? '',
        relay,
        verified: state.verifyRelay === relay,
        queueId: null,
        version: summary[3] ?? '',
        cipher: summary[4] ?? '',
      };
      state.verifyRelay = null;
      state.failedRelay = null;
      return;
    }
    const verify = VERIFY.exec(message);
    if (verify) {
      state.verifyRelay = verify[1] ?? null;
      return;
    }
    const failed = HANDSHAKE.exec(message);
    if (failed) {
      state.session = null;
      state.failedRelay = failed[1] ?? null;
      return;
    }
    const delivery = DELIVERY.exec(message);
    const row = byLine.get(i + 1);
    if (!delivery) {
      assert.equal(row, undefined, `line ${i + 1} has a row but is no delivery line`);
      return;
    }
    assert.ok(row, `delivery line ${i + 1} has no row`);
    const [, queueId, to = '', mxHost, ip, port, connUse, tls, dsn, status, reply = ''] = delivery;
    const relay = `${mxHost}[${ip}]:${port}`;
    const where = `line ${i + 1}: ${line}`;

    assert.equal(row.logHost, host, where);
    assert.equal(row.queueId, queueId, where);
    assert.equal(row.recipientDomain, domainToASCII(to.slice(to.lastIndexOf('@') + 1)), where);
    assert.equal(row.mxHost, mxHost, where);
    assert.equal(row.ip, ip, where);
    assert.equal(row.port, Number(port), where);
    assert.equal(row.status, status, where);
    assert.equal(row.dsn, dsn, where);
    if (status !== 'sent') assert.equal(row.software, null, where);
    if (row.software === 'google') assert.match(reply, / - gsmtp$/, where);
    if (row.software === 'postfix') assert.match(reply, /Ok: queued as /, where);

    const session = state.session;
    const usable =
      session !== null &&
      session.relay === relay &&
      (session.queueId === null || session.queueId === queueId);
    switch (row.starttls) {
      case 'strict':
      case 'unverified':
      case 'opportunistic': {
        assert.ok(usable && session, `no TLS summary for ${where}`);
        session.queueId = queueId ?? null;
        if (row.evidence === 'reasons') assert.ok(session.verified, where);
        else assert.equal(session.trust, TRUST_OF[row.evidence], where);
        assert.equal(row.tlsVersion, session.version, where);
        assert.equal(row.cipher, session.cipher, where);
        break;
      }
      case 'failure':
        assert.equal(state.failedRelay, relay, where);
        assert.ok(!usable, where);
        break;
      case 'none':
        assert.ok(!usable && state.failedRelay !== relay, where);
        if (row.evidence === 'plaintext-reuse') assert.ok(Number(connUse) >= 2, where);
        if (row.evidence === 'no-starttls') assert.equal(tls, 'may:none', where);
        if (row.evidence === 'no-tls-line') assert.equal(connUse, undefined, where);
        break;
    }
  });
}

describe('ground truth against the log lines', () => {
  for (const options of [
    { deliveries: 3000, seed: 1, date: '2026-12-01' },
    { deliveries: 20_000, seed: 9, date: '2027-02-28', tlsField: true },
  ]) {
    it(`agrees line by line (seed ${options.seed}, ${options.deliveries} deliveries)`, async () => {
      const { lines, rows } = await generate(options);
      check(lines, rows);
    });
  }
});
