import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Delivery } from '../../pipeline/model/delivery.js';
import { jsonl } from '../../pipeline/parse/jsonl/index.js';
import { kumomta } from '../../pipeline/parse/kumomta/index.js';
import { postfix } from '../../pipeline/parse/postfix/index.js';
import { parseLines } from '../helpers/parse.js';

// Records shaped like docs/reference/log_record.md of KumoMTA; expected rows worked out by hand
// from LOG-FORMATS §4.1. 1678069691 is 2023-03-06 02:28:11 UTC.
const ID = '1d98076abbbc11ed940250ebf67f93bd';
const AT = Date.UTC(2023, 2, 6, 2, 28, 11);

const DELIVERY = {
  type: 'Delivery',
  id: ID,
  sender: 'news@sender.example.com',
  recipient: 'ann@Example.ORG',
  queue: 'example.org',
  site: 'source2->mx.example.org.',
  size: 1047,
  response: {
    code: 250,
    enhanced_code: { class: 2, subject: 0, detail: 0 },
    content: 'OK ids=8a5475ccbbc611eda12250ebf67f93bd',
    command: '.',
  },
  peer_address: { name: 'MX.example.org.', addr: '192.0.2.25' },
  timestamp: 1678069691,
  created: 1678069690,
  num_attempts: 0,
  bounce_classification: 'Uncategorized',
  egress_pool: 'pool0',
  egress_source: 'source2',
  feedback_report: null,
  meta: {},
  headers: {},
  delivery_protocol: 'ESMTP',
  reception_protocol: 'ESMTP',
  nodeid: '557f3ad4-2c8c-11ee-976e-782d7e12e173',
  session_id: '9bcd689e-23d9-41b7-a015-63a1382f8b57',
};

const OPENSSL_TLS = {
  tls_cipher: 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
  tls_protocol_version: 'TLSv1.2',
  tls_peer_subject_name: ['CN=mx.example.org'],
};

function record(fields: Record<string, unknown>): string {
  return JSON.stringify({ ...DELIVERY, ...fields });
}

function transientFailure(content: string, fields: Record<string, unknown> = {}): string {
  return record({
    type: 'TransientFailure',
    response: { code: 400, enhanced_code: null, content, command: null },
    peer_address: null,
    ...fields,
  });
}

const EXPECTED_TLS_ROW: Delivery = {
  timeMillis: AT,
  logHost: 'source2',
  dialect: 'kumomta',
  queueId: ID,
  recipientDomain: 'example.org',
  recipientAddress: 'ann@Example.ORG',
  recipientPseudonym: null,
  mxHost: 'mx.example.org',
  ip: '192.0.2.25',
  port: null,
  status: 'sent',
  dsn: '2.0.0',
  starttls: 'unverified',
  evidence: 'tls-only',
  verdicts: { selfSigned: null, untrustedCa: null, nameMismatch: null, expired: null },
  trustLogged: null,
  verifyText: null,
  tlsVersionLogged: 'TLSv1.2',
  tlsVersion: 'TLSv1.2',
  cipherLogged: 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
  cipher: 'ECDHE-RSA-AES256-GCM-SHA384',
  forwardSecrecy: true,
  keyExchange: null,
  software: null,
  connectionUse: null,
  sourceFile: '',
  sourceOffset: 0,
  sourceLine: 1,
};

describe('KumoMTA records', () => {
  it('reads a Delivery over TLS (OpenSSL spelling) as unverified: no verdict is logged', () => {
    const { deliveries, outcomes } = parseLines(kumomta, [record(OPENSSL_TLS)]);
    assert.deepEqual(outcomes, [{ kind: 'used' }]);
    assert.deepEqual(deliveries, [EXPECTED_TLS_ROW]);
  });

  it('normalizes the rustls spellings of protocol and cipher', () => {
    const { deliveries } = parseLines(kumomta, [
      record({ tls_cipher: 'TLS13_AES_256_GCM_SHA384', tls_protocol_version: 'TLSv1_3' }),
    ]);
    assert.deepEqual(
      deliveries.map((d) => [
        d.starttls,
        d.evidence,
        d.tlsVersionLogged,
        d.tlsVersion,
        d.cipherLogged,
        d.cipher,
        d.forwardSecrecy,
      ]),
      [
        [
          'unverified',
          'tls-only',
          'TLSv1_3',
          'TLSv1.3',
          'TLS13_AES_256_GCM_SHA384',
          'TLS_AES_256_GCM_SHA384',
          true,
        ],
      ],
    );
  });

  it('reads a Delivery without TLS fields as none, and the DATA reply as software', () => {
    const { deliveries } = parseLines(kumomta, [
      record({
        response: {
          code: 250,
          enhanced_code: { class: 2, subject: 0, detail: 0 },
          content: 'Ok: queued as 4Qx7Lm2Vb9z',
          command: '.',
        },
      }),
    ]);
    assert.deepEqual(
      deliveries.map((d) => [d.starttls, d.evidence, d.tlsVersion, d.cipher, d.software]),
      [['none', 'no-tls-line', null, null, 'postfix']],
    );
  });

  it('gives each recipient of a multi-recipient record its own row', () => {
    const { deliveries, outcomes } = parseLines(kumomta, [
      record({ ...OPENSSL_TLS, recipient: ['ann@example.org', 'Bob@Example.NET.'] }),
    ]);
    assert.deepEqual(outcomes, [{ kind: 'used' }]);
    assert.deepEqual(
      deliveries.map((d) => [d.queueId, d.recipientDomain, d.starttls, d.cipher]),
      [
        [ID, 'example.org', 'unverified', 'ECDHE-RSA-AES256-GCM-SHA384'],
        [ID, 'example.net', 'unverified', 'ECDHE-RSA-AES256-GCM-SHA384'],
      ],
    );
  });

  it('reads a failed handshake in a TransientFailure as a deferred failure with its reason', () => {
    const { deliveries } = parseLines(kumomta, [
      transientFailure(
        'KumoMTA internal: failed to connect to any candidate hosts: TLS handshake with ' +
          'ResolvedAddress { name: "mx.example.org.", addr: 192.0.2.25 }:25 failed: ' +
          'invalid peer certificate: UnknownIssuer',
      ),
      transientFailure(
        'KumoMTA internal: failed to connect to any candidate hosts: TLS handshake with ' +
          'ResolvedAddress { name: "mx2.example.org.", addr: 192.0.2.26 }:25 failed: ' +
          'certificate verify failed',
        { id: 'c2' },
      ),
    ]);
    assert.deepEqual(
      deliveries.map((d) => [
        d.queueId,
        d.status,
        d.dsn,
        d.starttls,
        d.evidence,
        d.verifyText,
        d.verdicts,
        d.mxHost,
        d.ip,
        d.tlsVersion,
        d.software,
      ]),
      [
        [
          ID,
          'deferred',
          null,
          'failure',
          'handshake-failure',
          'invalid peer certificate: UnknownIssuer',
          { selfSigned: null, untrustedCa: true, nameMismatch: null, expired: null },
          'mx.example.org',
          '192.0.2.25',
          null,
          null,
        ],
        [
          'c2',
          'deferred',
          null,
          'failure',
          'handshake-failure',
          'certificate verify failed',
          { selfSigned: null, untrustedCa: null, nameMismatch: null, expired: null },
          'mx2.example.org',
          '192.0.2.26',
          null,
          null,
        ],
      ],
    );
  });

  it('reads the name check of newer rustls wording as a name mismatch', () => {
    const { deliveries } = parseLines(kumomta, [
      transientFailure(
        'KumoMTA internal: failed to connect to any candidate hosts: TLS handshake with ' +
          'ResolvedAddress { name: "mx.example.org.", addr: 192.0.2.25 }:25 failed: invalid peer ' +
          'certificate: certificate not valid for name "mx.example.org"',
      ),
    ]);
    assert.deepEqual(
      deliveries.map((d) => [d.starttls, d.verifyText, d.verdicts]),
      [
        [
          'failure',
          'invalid peer certificate: certificate not valid for name "mx.example.org"',
          { selfSigned: null, untrustedCa: null, nameMismatch: true, expired: null },
        ],
      ],
    );
  });

  it('calls the delivery in clear after "will re-connect in the clear" a failure', () => {
    const reconnect =
      'TLS handshake failed: invalid peer certificate: NotValidForName, will re-connect in the ' +
      'clear because opportunistic_tls_reconnect_on_failed_handshake=true';
    const { deliveries } = parseLines(kumomta, [
      transientFailure(reconnect, { peer_address: DELIVERY.peer_address }),
      record({}),
      // The next attempt of the same message is a new one, and another message is unaffected.
      record({ timestamp: 1678069700 }),
      record({ id: 'other', timestamp: 1678069701 }),
    ]);
    assert.deepEqual(
      deliveries.map((d) => [
        d.queueId,
        d.status,
        d.starttls,
        d.evidence,
        d.verifyText,
        d.verdicts,
      ]),
      [
        [
          ID,
          'deferred',
          'failure',
          'handshake-failure',
          'invalid peer certificate: NotValidForName',
          { selfSigned: null, untrustedCa: null, nameMismatch: true, expired: null },
        ],
        [
          ID,
          'sent',
          'failure',
          'handshake-failure',
          'invalid peer certificate: NotValidForName',
          { selfSigned: null, untrustedCa: null, nameMismatch: true, expired: null },
        ],
        [
          ID,
          'sent',
          'none',
          'no-tls-line',
          null,
          { selfSigned: null, untrustedCa: null, nameMismatch: null, expired: null },
        ],
        [
          'other',
          'sent',
          'none',
          'no-tls-line',
          null,
          { selfSigned: null, untrustedCa: null, nameMismatch: null, expired: null },
        ],
      ],
    );
  });

  it('does not carry a reconnect to a delivery at another address', () => {
    const { deliveries } = parseLines(kumomta, [
      transientFailure(
        'TLS handshake failed: invalid peer certificate: Expired, will re-connect in the clear ' +
          'because opportunistic_tls_reconnect_on_failed_handshake=true',
        { peer_address: DELIVERY.peer_address },
      ),
      record({ peer_address: { name: 'mx2.example.org.', addr: '192.0.2.26' } }),
    ]);
    assert.deepEqual(
      deliveries.map((d) => [d.status, d.starttls, d.evidence, d.verdicts.expired, d.ip]),
      [
        ['deferred', 'failure', 'handshake-failure', true, '192.0.2.25'],
        ['sent', 'none', 'no-tls-line', null, '192.0.2.26'],
      ],
    );
  });

  it('reads a Bounce as bounced with its enhanced code', () => {
    const { deliveries } = parseLines(kumomta, [
      record({
        ...OPENSSL_TLS,
        type: 'Bounce',
        response: {
          code: 550,
          enhanced_code: { class: 5, subject: 1, detail: 1 },
          content: 'user unknown',
          command: 'RCPT TO',
        },
      }),
    ]);
    assert.deepEqual(
      deliveries.map((d) => [d.status, d.dsn, d.starttls, d.evidence, d.software]),
      [['bounced', '5.1.1', 'unverified', 'tls-only', null]],
    );
  });

  it('reads RFC 3339 timestamps of newer versions', () => {
    const { deliveries } = parseLines(kumomta, [
      record({ timestamp: '2025-12-03T10:00:00.250Z' }),
      record({ timestamp: undefined, event_time: '2025-12-03T11:00:00+01:00' }),
    ]);
    assert.deepEqual(
      deliveries.map((d) => d.timeMillis),
      [Date.UTC(2025, 11, 3, 10, 0, 0, 250), Date.UTC(2025, 11, 3, 10, 0, 0)],
    );
  });

  it('skips records that describe no delivery attempt', () => {
    const { deliveries, outcomes } = parseLines(kumomta, [
      record({ type: 'Reception', peer_address: { name: 'client.example', addr: '198.51.100.7' } }),
      record({ type: 'Feedback' }),
      record({ type: 'Delayed' }),
      record({ type: 'Expiration', peer_address: null }),
      record({ type: 'AdminBounce', peer_address: undefined }),
      '',
    ]);
    assert.deepEqual(deliveries, []);
    assert.deepEqual(
      outcomes.map((o) => o.kind),
      ['skipped', 'skipped', 'skipped', 'skipped', 'skipped', 'skipped'],
    );
  });

  it('reads an Expiration that names its peer as bounced', () => {
    const { deliveries } = parseLines(kumomta, [
      record({
        type: 'Expiration',
        response: {
          code: 551,
          enhanced_code: { class: 5, subject: 4, detail: 7 },
          content: 'Next delivery time would be after the expiration time',
          command: null,
        },
      }),
    ]);
    assert.deepEqual(
      deliveries.map((d) => [d.status, d.dsn, d.starttls, d.mxHost]),
      [['bounced', '5.4.7', 'none', 'mx.example.org']],
    );
  });

  it('quarantines garbage and records missing a required field, naming the field', () => {
    const { deliveries, outcomes } = parseLines(kumomta, [
      'garbage {"type":',
      '[1, 2]',
      record({ type: undefined }),
      record({ type: 7 }),
      record({ id: undefined }),
      record({ recipient: undefined }),
      record({ recipient: 'postmaster' }),
      record({ recipient: ['ann@example.org', 42] }),
      record({ timestamp: undefined }),
      record({ timestamp: 'yesterday' }),
      record({ response: { code: 250, content: null } }),
      record({ response: { code: 250, enhanced_code: { class: 2 }, content: 'ok' } }),
      record({ tls_cipher: 42 }),
      record({ peer_address: 'mx.example.org' }),
    ]);
    assert.deepEqual(deliveries, []);
    const bad = (reason: string) => ({ kind: 'quarantined', code: 'bad-record', reason });
    assert.deepEqual(outcomes, [
      bad('not valid JSON'),
      bad('expected a JSON object, got an array'),
      bad('type: missing'),
      bad('type: expected a string, got 7'),
      bad('id: missing'),
      bad('recipient: missing'),
      bad('recipient: not an address with a domain'),
      bad('recipient[1]: expected an address, got 42'),
      bad('timestamp: missing'),
      bad('timestamp: expected unix seconds or an RFC 3339 time, got "yesterday"'),
      bad('response.content: expected a string, got null'),
      bad('response.enhanced_code.subject: missing'),
      bad('tls_cipher: expected a string, got 42'),
      bad('peer_address: expected an object or null, got "mx.example.org"'),
    ]);
  });
});

describe('KumoMTA detection', () => {
  const SYSLOG =
    'Dec  1 10:00:00 out1 postfix/smtp[100]: A1B2C3D4E5: to=<ann@example.org>, ' +
    'relay=mx.example.org[192.0.2.25]:25, delay=0.5, delays=0.1/0/0.2/0.2, dsn=2.0.0, ' +
    'status=sent (250 2.0.0 Ok: queued as 9F8E7D)';
  const CANONICAL =
    '{"format":"starttls-census/v1","time":"2026-03-01T09:00:00Z",' +
    '"recipient_domain":"example.org","status":"sent"}';

  it('recognizes KumoMTA records, receptions included', () => {
    assert.equal(kumomta.detect([record({}), record({ type: 'Reception' })]), true);
    assert.equal(kumomta.detect([JSON.stringify({ type: 'Bounce', queue: 'example.org' })]), true);
  });

  it('refuses other JSON, canonical records and syslog lines', () => {
    assert.equal(kumomta.detect([JSON.stringify({ type: 'Delivery' })]), false);
    assert.equal(kumomta.detect([JSON.stringify({ type: 'click', id: 'x' })]), false);
    assert.equal(kumomta.detect([CANONICAL]), false);
    assert.equal(kumomta.detect([SYSLOG]), false);
  });

  it('is refused by the other dialects', () => {
    assert.equal(jsonl.detect([record({})]), false);
    assert.equal(postfix.detect([record({})]), false);
  });
});
