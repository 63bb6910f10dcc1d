import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  dnsNames,
  oneLineName,
  parseCertificateTime,
} from '../../pipeline/probe/certificate-facts.js';

describe('certificate facts', () => {
  it('reads OpenSSL certificate times', () => {
    assert.equal(parseCertificateTime('Jan  1 00:00:00 2020 GMT'), Date.UTC(2020, 0, 1));
    assert.equal(
      parseCertificateTime('Dec 31 23:59:59 2039 GMT'),
      Date.UTC(2039, 11, 31, 23, 59, 59),
    );
    assert.throws(() => parseCertificateTime('2020-01-01'), /unreadable certificate time/);
  });

  it('takes only DNS names from a subjectAltName, quoted ones too', () => {
    assert.deepEqual(
      dnsNames('DNS:MX.Example.test, IP Address:192.0.2.1, DNS:"a, b.test", email:x@y'),
      ['mx.example.test', 'a, b.test'],
    );
    assert.deepEqual(dnsNames(undefined), []);
  });

  it('puts a distinguished name on one line', () => {
    assert.equal(
      oneLineName('C=US\nO=Example\nCN=mx.example.test'),
      'C=US, O=Example, CN=mx.example.test',
    );
  });
});
