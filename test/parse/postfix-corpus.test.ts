import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readSmtpMessage, splitRelay } from '../../pipeline/parse/postfix/messages.js';
import { corpusDir, NO_CORPUS, readGrokCases } from '../helpers/corpus.js';

// Every Postfix smtp line of the postfix-grok-patterns test suite, checked against the fields
// that suite's own parser extracted from it.
const dir = corpusDir('postfix-grok-patterns/test');

describe(
  'Postfix smtp lines of the postfix-grok-patterns corpus',
  { skip: dir ? false : NO_CORPUS },
  () => {
    const cases = dir
      ? readGrokCases(dir, 'smtp_').concat(readGrokCases(dir, 'tls_features_00'))
      : [];

    it('finds the corpus cases', () => {
      assert.ok(cases.length >= 40, `only ${cases.length} cases`);
    });

    for (const c of cases) {
      const r = c.results;
      if (r.postfix_tls_trustlevel !== undefined) {
        it(`${c.file}: TLS summary`, () => {
          const m = readSmtpMessage(c.data);
          assert.equal(m.kind, 'tls-summary');
          if (m.kind !== 'tls-summary') return;
          const relay = splitRelay(m.relay);
          assert.equal(m.trust, r.postfix_tls_trustlevel);
          assert.equal(relay.host, r.postfix_relay_hostname);
          assert.equal(relay.ip, r.postfix_relay_ip);
          assert.equal(relay.port, Number(r.postfix_relay_port));
          assert.equal(m.protocol, r.postfix_tls_version);
          assert.equal(m.cipher, r.postfix_tls_cipher);
          assert.equal(m.keyExchange, r.postfix_tls_key_exchange ?? null);
        });
      } else if (r.postfix_tls_error !== undefined) {
        it(`${c.file}: certificate verification failure`, () => {
          const m = readSmtpMessage(c.data);
          assert.equal(m.kind, 'verify-failure');
          if (m.kind !== 'verify-failure') return;
          const relay = splitRelay(m.relay);
          assert.equal(relay.host, r.postfix_relay_hostname);
          assert.equal(relay.ip, r.postfix_relay_ip);
          assert.equal(m.text, r.postfix_tls_error);
        });
      } else if (c.data.startsWith('SSL_connect error')) {
        it(`${c.file}: handshake error`, () => {
          const m = readSmtpMessage(c.data);
          assert.equal(m.kind, 'handshake-error');
          if (m.kind !== 'handshake-error') return;
          const relay = splitRelay(m.relay);
          assert.equal(relay.host, r.postfix_relay_hostname);
          assert.equal(relay.ip, r.postfix_relay_ip);
        });
      } else if (r.postfix_queueid !== undefined && c.data.includes(' to=<')) {
        it(`${c.file}: delivery line`, () => {
          const m = readSmtpMessage(c.data);
          assert.equal(m.kind, 'delivery');
          if (m.kind !== 'delivery') return;
          assert.equal(m.queueId, r.postfix_queueid);
          const status = /status=(\w+)/.exec(c.data)?.[1];
          assert.equal(m.status, r.postfix_status ?? status);
          if (r.postfix_smtp_response !== undefined) assert.equal(m.reply, r.postfix_smtp_response);
          const relay = /relay=([^,]+),/.exec(r.postfix_keyvalue_data ?? '')?.[1];
          assert.equal(m.relay, relay);
          const tls = /tls=([^,]+),/.exec(r.postfix_keyvalue_data ?? '')?.[1] ?? null;
          assert.equal(m.tlsFeatures, tls);
        });
      } else if (c.results.postfix_tls_security_level === undefined) {
        it(`${c.file}: read without TLS evidence, and not quarantined`, () => {
          const m = readSmtpMessage(c.data);
          const delivery = / to=<.*status=(sent|deferred|bounced)/.test(c.data);
          assert.equal(m.kind, delivery ? 'delivery' : 'irrelevant');
        });
      }
    }
  },
);
