import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sendmail } from '../../pipeline/parse/sendmail/index.js';
import { parseLines } from '../helpers/parse.js';

// Lines of Debian's sendmail 8.17.1.9 from the conformance suite (test/mta), which routes every
// recipient domain through a mailertable to a receiver on a loopback address.
const P = 'Dec  3 18:10:18 census-sender ';

describe('sendmail deliveries to loopback addresses (conformance suite)', () => {
  it('counts an esmtp route to a loopback address, like Postfix and Exim do', () => {
    const { deliveries, outcomes } = parseLines(sendmail, [
      P +
        'sm-mta[94]: STARTTLS=client, relay=mx.valid.census.test., version=TLSv1.3, ' +
        'verify=OK, cipher=TLS_AES_256_GCM_SHA384, bits=256/256',
      P +
        'sm-mta[94]: 6B3IAILB000073: to=census@valid.census.test, delay=00:00:00, ' +
        'xdelay=00:00:00, mailer=esmtp, pri=120154, relay=mx.valid.census.test. ' +
        '[127.0.0.10], dsn=2.0.0, stat=Sent (Ok: queued as C3NSUS0001)',
    ]);
    assert.deepEqual(
      outcomes.map((o) => o.kind),
      ['used', 'used'],
    );
    assert.deepEqual(
      deliveries.map((d) => [d.recipientDomain, d.ip, d.starttls, d.evidence, d.trustLogged]),
      [['valid.census.test', '127.0.0.10', 'unverified', 'chain-only', 'verify=OK']],
    );
  });

  it('still skips the submission hand-off to the local MTA (mailer relay)', () => {
    const { deliveries } = parseLines(sendmail, [
      P +
        'sendmail[400]: 6B3IAILB000074: to=ann@example.org, ctladdr=ann (1000/1000), ' +
        'delay=00:00:00, xdelay=00:00:00, mailer=relay, pri=30000, relay=[127.0.0.1] ' +
        '[127.0.0.1], dsn=2.0.0, stat=Sent (6B3IAILB000075 Message accepted for delivery)',
    ]);
    assert.deepEqual(deliveries, []);
  });
});
