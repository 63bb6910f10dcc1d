import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { Delivery } from '../../pipeline/model/delivery.js';
import { jsonl } from '../../pipeline/parse/jsonl/index.js';
import { kumomta } from '../../pipeline/parse/kumomta/index.js';
import { postfix } from '../../pipeline/parse/postfix/index.js';
import { parseLines } from '../helpers/parse.js';

// One record per mapping rule of docs/canonical-jsonl.md; expected values read off the rules.
const BASE = {
  format: 'starttls-census/v1',
  time: '2026-03-01T09:00:00Z',
  recipient_domain: 'example.org',
  status: 'sent',
};
const AT = Date.UTC(2026, 2, 1, 9, 0, 0);

function line(fields: Record<string, unknown>): string {
  return JSON.stringify({ ...BASE, ...fields });
}

function established(certificate: Record<string, unknown> | null): Record<string, unknown> {
  return {
    tls: {
      attempted: true,
      established: true,
      protocol: 'TLSv1.2',
      cipher: 'ECDHE-RSA-AES256-GCM-SHA384',
      certificate,
    },
  };
}

function classified(fields: Record<string, unknown>): unknown[] {
  const { deliveries, outcomes } = parseLines(jsonl, [line(fields)]);
  assert.deepEqual(outcomes, [{ kind: 'used' }]);
  const d = deliveries[0];
  assert.ok(d);
  return [d.starttls, d.evidence, d.verdicts];
}

const ALL_PASSED = { selfSigned: false, untrustedCa: false, nameMismatch: false, expired: false };
const UNKNOWN = { selfSigned: null, untrustedCa: null, nameMismatch: null, expired: null };

describe('canonical JSONL: classification', () => {
  it('calls a verified certificate strict', () => {
    assert.deepEqual(classified(established({ verified: true })), [
      'strict',
      'verified',
      ALL_PASSED,
    ]);
  });

  it('calls four passed checks strict', () => {
    const checks = {
      self_signed: false,
      untrusted_ca: false,
      name_mismatch: false,
      expired: false,
    };
    assert.deepEqual(classified(established(checks)), ['strict', 'verified', ALL_PASSED]);
  });

  it('calls a failed check opportunistic, keeping unknown checks unknown', () => {
    assert.deepEqual(classified(established({ self_signed: true, expired: false })), [
      'opportunistic',
      'reasons',
      { selfSigned: true, untrustedCa: null, nameMismatch: null, expired: false },
    ]);
  });

  it('calls a failed verification without a named check opportunistic, trust only', () => {
    assert.deepEqual(classified(established({ verified: false })), [
      'opportunistic',
      'trust-only',
      UNKNOWN,
    ]);
  });

  it('calls a passed chain with an unchecked name unverified, chain only', () => {
    const checks = { self_signed: false, untrusted_ca: false, expired: false };
    assert.deepEqual(classified(established(checks)), [
      'unverified',
      'chain-only',
      { selfSigned: false, untrustedCa: false, nameMismatch: null, expired: false },
    ]);
  });

  it('calls TLS without certificate verdicts unverified, TLS only', () => {
    assert.deepEqual(classified(established(null)), ['unverified', 'tls-only', UNKNOWN]);
  });

  it('calls an attempted handshake that failed a failure, with the reason from the error', () => {
    const { deliveries } = parseLines(jsonl, [
      line({
        status: 'deferred',
        tls: {
          attempted: true,
          established: false,
          error: 'certificate verify failed: self-signed certificate',
        },
      }),
    ]);
    assert.deepEqual(
      deliveries.map((d) => [d.status, d.starttls, d.evidence, d.verdicts, d.verifyText]),
      [
        [
          'deferred',
          'failure',
          'handshake-failure',
          { selfSigned: true, untrustedCa: null, nameMismatch: null, expired: null },
          'certificate verify failed: self-signed certificate',
        ],
      ],
    );
  });

  it('calls a server without STARTTLS none, no STARTTLS', () => {
    assert.deepEqual(classified({ starttls_advertised: false }), ['none', 'no-starttls', UNKNOWN]);
  });

  it('calls a record without TLS, or with TLS not attempted, none, no TLS line', () => {
    assert.deepEqual(classified({}), ['none', 'no-tls-line', UNKNOWN]);
    assert.deepEqual(
      classified({
        starttls_advertised: true,
        tls: { attempted: false, established: false, protocol: 'TLSv1.3' },
      }),
      ['none', 'no-tls-line', UNKNOWN],
    );
  });

  it('guesses the software from the banner first, else from the reply', () => {
    const { deliveries } = parseLines(jsonl, [
      line({ banner: '220 mx.example.org ESMTP Exim 4.97', reply: '250 2.0.0 Ok: queued as 1A' }),
      line({ reply: '250 2.0.0 Ok: queued as 1A' }),
      line({ banner: '220 mx.example.org ready' }),
    ]);
    assert.deepEqual(
      deliveries.map((d) => d.software),
      ['exim', 'postfix', null],
    );
  });

  it('keeps only the domain of a full recipient address', () => {
    const { deliveries } = parseLines(jsonl, [
      JSON.stringify({
        ...BASE,
        recipient_domain: undefined,
        recipient: 'Jane.Doe@Bücher.Example',
      }),
    ]);
    assert.equal(deliveries[0]?.recipientDomain, 'xn--bcher-kva.example');
    // The address travels only in the field the ingest turns into a pseudonym and then drops.
    assert.equal(deliveries[0]?.recipientAddress, 'Jane.Doe@Bücher.Example');
    const stored = { ...deliveries[0], recipientAddress: null };
    assert.equal(JSON.stringify(stored).includes('Jane'), false);
  });
});

describe('canonical JSONL: invalid records', () => {
  function reasons(lines: string[]): string[] {
    const { deliveries, outcomes } = parseLines(jsonl, lines);
    assert.deepEqual(deliveries, []);
    return outcomes.map((o) => {
      assert.equal(o.kind, 'quarantined');
      assert.equal(o.kind === 'quarantined' && o.code, 'bad-record');
      return o.kind === 'quarantined' ? o.reason : '';
    });
  }

  it('names the field and says why', () => {
    assert.deepEqual(
      reasons([
        line({ tls: { attempted: true, established: true, protocol: 42 } }),
        JSON.stringify({ ...BASE, status: undefined }),
        line({ recipient_domain: 'jane@example.org' }),
        line({ status: 'delivered' }),
        line({ format: 'starttls-census/v2' }),
        line({ time: '2026-03-01T09:00:00' }),
        line({ time: '2026-02-30T09:00:00Z' }),
        line({ port: 70000 }),
        line({ dsn: '250' }),
        line({ ip: 'mx.example.org' }),
        line({ recipient_domian: 'example.org' }),
        JSON.stringify({ ...BASE, recipient_domain: undefined }),
        line({ recipient: 'jane@example.net' }),
        line({ tls: { attempted: false, established: true } }),
        line({
          tls: {
            attempted: true,
            established: true,
            certificate: { verified: true, expired: true },
          },
        }),
        line({ tls: { established: true } }),
        'not json',
      ]),
      [
        'tls.protocol: expected a string or null, got 42',
        'status: missing (required)',
        "recipient_domain: expected a domain without a local part ('@' is not allowed: local " +
          'parts are never kept), got "…@example.org"',
        'status: expected one of sent, deferred, bounced, got "delivered"',
        'format: expected "starttls-census/v1", got "starttls-census/v2"',
        'time: expected an RFC 3339 time with an offset, e.g. 2026-03-01T10:15:00Z, got ' +
          '"2026-03-01T09:00:00"',
        'time: expected an RFC 3339 time with an offset, e.g. 2026-03-01T10:15:00Z, got ' +
          '"2026-02-30T09:00:00Z"',
        'port: expected an integer from 1 to 65535, got 70000',
        'dsn: expected an enhanced status code, e.g. 2.0.0, got "250"',
        'ip: expected an IPv4 or IPv6 address, got "mx.example.org"',
        'recipient_domian: unknown field (names of your own start with x_)',
        'recipient_domain: missing: give recipient_domain, or recipient (only its domain is kept)',
        'recipient_domain: "example.org" is not the domain of recipient ("example.net")',
        'tls.attempted: must be true when tls.established is true',
        'tls.certificate.verified: true contradicts expired: true',
        'tls.attempted: missing (required)',
        'not valid JSON',
      ],
    );
  });

  it('reports every problem of a record, joined, in the order of the schema', () => {
    assert.deepEqual(reasons([line({ status: 7, port: '25', tls: [] })]), [
      'port: expected an integer or null, got "25"; status: expected a string, got 7; ' +
        'tls: expected an object or null, got an array',
    ]);
  });

  it('ignores fields of the sender’s own', () => {
    const { outcomes } = parseLines(jsonl, [
      line({
        x_campaign: 'spring',
        tls: { attempted: false, established: false, x_policy: 'may' },
      }),
    ]);
    assert.deepEqual(outcomes, [{ kind: 'used' }]);
  });
});

describe('canonical JSONL: the documented example', () => {
  it('parses to the row the documentation describes', () => {
    const doc = readFileSync(new URL('../../docs/canonical-jsonl.md', import.meta.url), 'utf8');
    const example = /```json\n([\s\S]*?)\n```/.exec(doc)?.[1];
    assert.ok(example, 'docs/canonical-jsonl.md has a ```json example');
    const text = JSON.stringify(JSON.parse(example));

    const { deliveries, outcomes } = parseLines(jsonl, [text]);
    assert.deepEqual(outcomes, [{ kind: 'used' }]);
    const expected: Delivery = {
      timeMillis: Date.UTC(2026, 2, 1, 9, 15, 2, 250),
      logHost: 'out1.sender.example',
      dialect: 'jsonl',
      queueId: '4Zx1Kq0m7Pz3',
      recipientDomain: 'example.org',
      recipientAddress: null,
      recipientPseudonym: null,
      mxHost: 'mx1.example.org',
      ip: '192.0.2.25',
      port: 25,
      status: 'sent',
      dsn: '2.0.0',
      starttls: 'opportunistic',
      evidence: 'reasons',
      verdicts: { selfSigned: false, untrustedCa: false, nameMismatch: true, expired: false },
      trustLogged: 'verified=false',
      verifyText: null,
      tlsVersionLogged: 'TLSv1.3',
      tlsVersion: 'TLSv1.3',
      cipherLogged: 'TLS_AES_256_GCM_SHA384',
      cipher: 'TLS_AES_256_GCM_SHA384',
      forwardSecrecy: true,
      keyExchange: 'X25519',
      software: 'postfix',
      connectionUse: 1,
      sourceFile: '',
      sourceOffset: 0,
      sourceLine: 1,
    };
    assert.deepEqual(deliveries, [expected]);
  });

  it('parses the minimal records as the documentation says', () => {
    const doc = readFileSync(new URL('../../docs/canonical-jsonl.md', import.meta.url), 'utf8');
    const block = [...doc.matchAll(/```json\n([\s\S]*?)\n```/g)][1]?.[1] ?? '';
    const { deliveries } = parseLines(jsonl, block.split('\n'));
    assert.deepEqual(
      deliveries.map((d) => [d.starttls, d.evidence, d.verdicts.expired, d.timeMillis]),
      [
        ['none', 'no-starttls', null, AT],
        ['failure', 'handshake-failure', true, AT + 1000],
      ],
    );
  });
});

describe('canonical JSONL: detection', () => {
  it('recognizes canonical records by their format', () => {
    assert.equal(jsonl.detect([line({}), line({ status: 'deferred' })]), true);
  });

  it('refuses other versions, KumoMTA records and syslog lines', () => {
    assert.equal(jsonl.detect([line({ format: 'starttls-census/v2' })]), false);
    const kumo = JSON.stringify({ type: 'Delivery', id: 'a1', recipient: 'ann@example.org' });
    assert.equal(jsonl.detect([kumo]), false);
    assert.equal(
      jsonl.detect(['Dec  1 10:00:00 out1 postfix/smtp[100]: connect to mx.example.org']),
      false,
    );
  });

  it('is refused by the other dialects', () => {
    assert.equal(kumomta.detect([line({})]), false);
    assert.equal(postfix.detect([line({})]), false);
  });
});
