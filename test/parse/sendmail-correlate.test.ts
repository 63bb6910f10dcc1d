import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sendmail } from '../../pipeline/parse/sendmail/index.js';
import { parseLines } from '../helpers/parse.js';

// Hand-made multi-line scenarios. Expected values are read off the lines by hand, following
// what each sendmail line proves (LOG-FORMATS.md §3): verify=OK is a trusted chain without a
// host-name check, verify=FAIL names at most one reason, and a STARTTLS line is logged once per
// connection, however many messages the connection then carries.
const P = 'Dec  1 10:00:00 out1 sm-mta[100]: ';
const MX = 'mx.example.net. [192.0.2.10]';
const ACCEPTED = 'Sent (5B1A0c2d012345 Message accepted for delivery)';

function session(verify: string, relay = 'mx.example.net.', extra = ''): string {
  return `STARTTLS=client, relay=${relay}, version=TLSv1.2, verify=${verify}, cipher=ECDHE-RSA-AES256-GCM-SHA384, bits=256/256${extra}`;
}

function to(queueId: string, recipients: string, relay = MX, stat = ACCEPTED, dsn = '2.0.0') {
  return `${queueId}: to=${recipients}, delay=00:00:02, xdelay=00:00:01, mailer=esmtp, pri=120000, relay=${relay}, dsn=${dsn}, stat=${stat}`;
}

const UNKNOWN = { selfSigned: null, untrustedCa: null, nameMismatch: null, expired: null };

describe('Sendmail correlation and classification', () => {
  it('reads verify=OK as a trusted chain whose host name was never checked', () => {
    const lines = [
      P + session('OK'),
      P +
        'STARTTLS=client, cert-subject=/CN=mx.example.net, cert-issuer=/C=US/O=Let+27s+20Encrypt/CN=R11, verifymsg=ok',
      P + to('5B1A0c2d012345', '<ann@Example.ORG>'),
    ];
    const { deliveries, outcomes } = parseLines(sendmail, lines);
    assert.deepEqual(
      outcomes.map((o) => o.kind),
      ['used', 'used', 'used'],
    );
    assert.deepEqual(deliveries, [
      {
        timeMillis: Date.UTC(2026, 11, 1, 10, 0, 0),
        logHost: 'out1',
        dialect: 'sendmail',
        queueId: '5B1A0c2d012345',
        recipientDomain: 'example.org',
        recipientAddress: 'ann@Example.ORG',
        recipientPseudonym: null,
        mxHost: 'mx.example.net',
        ip: '192.0.2.10',
        port: null,
        status: 'sent',
        dsn: '2.0.0',
        starttls: 'unverified',
        evidence: 'chain-only',
        verdicts: { selfSigned: false, untrustedCa: false, nameMismatch: null, expired: false },
        trustLogged: 'verify=OK',
        verifyText: null,
        tlsVersionLogged: 'TLSv1.2',
        tlsVersion: 'TLSv1.2',
        cipherLogged: 'ECDHE-RSA-AES256-GCM-SHA384',
        cipher: 'ECDHE-RSA-AES256-GCM-SHA384',
        forwardSecrecy: true,
        keyExchange: null,
        software: 'sendmail',
        connectionUse: null,
        sourceFile: '',
        // Lines are ASCII and end in one newline byte each.
        sourceOffset: (lines[0]?.length ?? 0) + 1 + (lines[1]?.length ?? 0) + 1,
        sourceLine: 3,
      },
    ]);
  });

  it('takes the one reason of verify=FAIL from verifymsg (LogLevel 12)', () => {
    const { deliveries } = parseLines(sendmail, [
      P + session('FAIL'),
      P +
        'STARTTLS=client, cert-subject=/CN=mx.example.net, cert-issuer=/CN=mx.example.net, verifymsg=self signed certificate',
      P + to('5B1A0c2d012346', 'bob@example.org'),
    ]);
    assert.equal(deliveries.length, 1);
    const d = deliveries[0];
    assert.equal(d?.starttls, 'opportunistic');
    assert.equal(d?.evidence, 'reasons');
    assert.deepEqual(d?.verdicts, { ...UNKNOWN, selfSigned: true });
    assert.equal(d?.verifyText, 'self signed certificate');
    assert.equal(d?.trustLogged, 'verify=FAIL');
  });

  it('keeps a failing cert verify reason (LogLevel 14) once, even when verifymsg repeats it', () => {
    const { deliveries, outcomes } = parseLines(sendmail, [
      P +
        'STARTTLS: X509 cert verify: depth=0 /CN=mx.example.net, state=0, reason=certificate has expired',
      P +
        'STARTTLS: TLS cert verify: depth=0 /CN=mx.example.net, state=0, reason=certificate has expired',
      P + session('FAIL'),
      P +
        'STARTTLS=client, cert-subject=/CN=mx.example.net, cert-issuer=/O=Example+2C+20Inc./CN=Example CA, verifymsg=certificate has expired',
      P + to('5B1A0c2d012347', 'cy@example.org'),
    ]);
    assert.deepEqual(
      outcomes.map((o) => o.kind),
      ['used', 'used', 'used', 'used', 'used'],
    );
    assert.deepEqual(deliveries[0]?.verdicts, { ...UNKNOWN, expired: true });
    assert.equal(deliveries[0]?.verifyText, 'certificate has expired');
  });

  it('calls verify=FAIL without verifymsg trust-only, and reads NO, NOT, TRUSTED, DANE_FAIL', () => {
    const verifies = ['FAIL', 'NO', 'NOT', 'TRUSTED', 'DANE_FAIL', 'DANE_TEMP'];
    const lines = verifies.flatMap((v, i) => [
      P + session(v, 'mx.example.net.', v === 'DANE_FAIL' ? ', pubkey_fp=3A:9F:01:C4' : ''),
      P + to(`5B1A0c2d01235${i}`, 'dee@example.org'),
    ]);
    const { deliveries } = parseLines(sendmail, lines);
    assert.deepEqual(
      deliveries.map((d) => [d.trustLogged, d.starttls, d.evidence, d.verifyText]),
      [
        ['verify=FAIL', 'opportunistic', 'trust-only', null],
        ['verify=NO', 'opportunistic', 'trust-only', 'no certificate'],
        ['verify=NOT', 'unverified', 'tls-only', null],
        ['verify=TRUSTED', 'strict', 'verified', null],
        ['verify=DANE_FAIL', 'opportunistic', 'trust-only', null],
        ['verify=DANE_TEMP', 'unverified', 'tls-only', null],
      ],
    );
    assert.deepEqual(deliveries[3]?.verdicts, {
      selfSigned: false,
      untrustedCa: false,
      nameMismatch: false,
      expired: false,
    });
    assert.deepEqual(deliveries[0]?.verdicts, UNKNOWN);
  });

  it('reads verify values and DANE warnings that mean the connection had no TLS', () => {
    const { deliveries } = parseLines(sendmail, [
      P + session('SOFTWARE'),
      P + to('5B1A0c2d012355', 'abe@example.org'),
      P + session('NONE'),
      P + to('5B1A0c2d012356', 'bea@example.org'),
      P +
        'STARTTLS=client, relay=mx.example.net., warning=DANE configured in DNS but STARTTLS not offered',
      P + to('5B1A0c2d012357', 'cid@example.org'),
      P +
        'ruleset=tls_server, arg1=NONE, relay=mx.example.net, reject=403 4.7.0 not authenticated.',
      P +
        to(
          '5B1A0c2d012358',
          'dot@example.org',
          MX,
          'Deferred: 403 4.7.0 not authenticated.',
          '4.7.0',
        ),
    ]);
    assert.deepEqual(
      deliveries.map((d) => [d.status, d.starttls, d.evidence, d.trustLogged, d.cipher]),
      [
        ['sent', 'failure', 'handshake-failure', 'verify=SOFTWARE', null],
        ['sent', 'none', 'no-tls-line', null, null],
        ['sent', 'none', 'no-starttls', null, null],
        ['deferred', 'none', 'no-tls-line', null, null],
      ],
    );
  });

  it('gives one STARTTLS line to every message sent over that cached connection', () => {
    const { deliveries } = parseLines(sendmail, [
      P + session('OK'),
      P + to('5B1A0c2d012360', '<eve@example.org>'),
      P + to('5B1A0c2d012361', '<fay@example.org>'),
      P + to('5B1A0c2d012362', '<gus@example.com>', 'mx.example.com. [198.51.100.7]'),
    ]);
    assert.deepEqual(
      deliveries.map((d) => [d.queueId, d.mxHost, d.starttls, d.evidence, d.cipher]),
      [
        [
          '5B1A0c2d012360',
          'mx.example.net',
          'unverified',
          'chain-only',
          'ECDHE-RSA-AES256-GCM-SHA384',
        ],
        [
          '5B1A0c2d012361',
          'mx.example.net',
          'unverified',
          'chain-only',
          'ECDHE-RSA-AES256-GCM-SHA384',
        ],
        ['5B1A0c2d012362', 'mx.example.com', 'none', 'no-tls-line', null],
      ],
    );
  });

  it('keeps the sessions of two connections cached at once apart by relay', () => {
    const { deliveries } = parseLines(sendmail, [
      P + session('OK'),
      P + to('5B1A0c2d012370', 'hal@example.org'),
      P + session('FAIL', 'mx.example.com.'),
      P + to('5B1A0c2d012371', 'ida@example.com', 'mx.example.com. [198.51.100.7]'),
      P + to('5B1A0c2d012372', 'jo@example.org'),
    ]);
    assert.deepEqual(
      deliveries.map((d) => [d.queueId, d.trustLogged, d.evidence]),
      [
        ['5B1A0c2d012370', 'verify=OK', 'chain-only'],
        ['5B1A0c2d012371', 'verify=FAIL', 'trust-only'],
        ['5B1A0c2d012372', 'verify=OK', 'chain-only'],
      ],
    );
  });

  it('writes one row per recipient of a to= list, also across [more] lines', () => {
    const { deliveries } = parseLines(sendmail, [
      P + session('OK'),
      P + to('5B1A0c2d012380', 'kim@example.org,<lou@Example.NET>'),
      P + to('5B1A0c2d012381', '<max@example.com>,"Doe, Ned" <ned@example.de>, [more]'),
      P + to('5B1A0c2d012381', '<oli@example.fr>'),
    ]);
    assert.deepEqual(
      deliveries.map((d) => [d.queueId, d.recipientDomain, d.starttls]),
      [
        ['5B1A0c2d012380', 'example.org', 'unverified'],
        ['5B1A0c2d012380', 'example.net', 'unverified'],
        ['5B1A0c2d012381', 'example.com', 'unverified'],
        ['5B1A0c2d012381', 'example.de', 'unverified'],
        ['5B1A0c2d012381', 'example.fr', 'unverified'],
      ],
    );
  });

  it('calls a delivery in clear after a failed handshake to that relay a failure', () => {
    const { deliveries, outcomes } = parseLines(sendmail, [
      P +
        'STARTTLS=client, error: connect failed=0, reason=wrong version number, SSL_error=1, errno=0, retry=-1',
      P +
        'STARTTLS=client: error:0A00010B:SSL routines::wrong version number:ssl/record/ssl3_record.c:354:',
      P +
        'ruleset=tls_server, arg1=SOFTWARE, relay=mx.example.net, reject=403 4.7.0 TLS handshake failed.',
      P + to('5B1A0c2d012390', 'pat@example.org'),
      P + to('5B1A0c2d012391', 'quin@example.org'),
    ]);
    assert.deepEqual(
      outcomes.map((o) => o.kind),
      ['used', 'used', 'used', 'used', 'used'],
    );
    assert.deepEqual(
      deliveries.map((d) => [d.queueId, d.status, d.starttls, d.evidence, d.trustLogged, d.cipher]),
      [
        ['5B1A0c2d012390', 'sent', 'failure', 'handshake-failure', 'verify=SOFTWARE', null],
        ['5B1A0c2d012391', 'sent', 'failure', 'handshake-failure', 'verify=SOFTWARE', null],
      ],
    );
  });

  it('calls a 403 TLS handshake deferral a failure, with or without the lines before it', () => {
    const deferral = 'Deferred: 403 4.7.0 TLS handshake failed.';
    const { deliveries } = parseLines(sendmail, [
      P + 'STARTTLS=client, error: connect failed=0, SSL_error=5',
      P +
        'ruleset=tls_server, arg1=SOFTWARE, relay=mx.example.net, reject=403 4.7.0 TLS handshake failed.',
      P + to('5B1A0c2d012400', 'rae@example.org', MX, deferral, '4.7.0'),
      'Dec  1 10:00:00 out1 sm-mta[300]: ' +
        to('5B1A0c2d012401', 'sam@example.org', MX, deferral, '4.7.0'),
    ]);
    assert.deepEqual(
      deliveries.map((d) => [d.status, d.dsn, d.starttls, d.evidence, d.trustLogged, d.software]),
      [
        ['deferred', '4.7.0', 'failure', 'handshake-failure', 'verify=SOFTWARE', null],
        ['deferred', '4.7.0', 'failure', 'handshake-failure', null, null],
      ],
    );
  });

  it('binds a connect failure without a relay to the next delivery, and a new session wins', () => {
    const { deliveries } = parseLines(sendmail, [
      P + 'STARTTLS=client, error: connect failed=0, SSL_error=5',
      P + to('5B1A0c2d012410', 'tom@example.org'),
      P + session('OK'),
      P + to('5B1A0c2d012411', 'uma@example.org'),
    ]);
    assert.deepEqual(
      deliveries.map((d) => [d.starttls, d.evidence, d.trustLogged]),
      [
        ['failure', 'handshake-failure', 'verify=SOFTWARE'],
        ['unverified', 'chain-only', 'verify=OK'],
      ],
    );
  });

  it('keeps processes apart by host, program and PID', () => {
    const { deliveries } = parseLines(sendmail, [
      P + session('FAIL'),
      'Dec  1 10:00:00 out1 sm-mta[200]: ' + to('5B1A0c2d012420', 'val@example.org'),
      'Dec  1 10:00:00 out2 sm-mta[100]: ' + to('5B1A0c2d012421', 'wes@example.org'),
      'Dec  1 10:00:00 out1 sendmail[100]: ' + to('5B1A0c2d012422', 'xia@example.org'),
      'Dec  1 10:00:00 out1 sm-mta[200]: ' + session('TRUSTED'),
      P + to('5B1A0c2d012423', 'yan@example.org'),
      'Dec  1 10:00:00 out1 sm-mta[200]: ' + to('5B1A0c2d012424', 'zoe@example.org'),
    ]);
    assert.deepEqual(
      deliveries.map((d) => [d.queueId, d.logHost, d.starttls, d.evidence]),
      [
        ['5B1A0c2d012420', 'out1', 'none', 'no-tls-line'],
        ['5B1A0c2d012421', 'out2', 'none', 'no-tls-line'],
        ['5B1A0c2d012422', 'out1', 'none', 'no-tls-line'],
        ['5B1A0c2d012423', 'out1', 'opportunistic', 'trust-only'],
        ['5B1A0c2d012424', 'out1', 'strict', 'verified'],
      ],
    );
  });

  it('matches relays across a trailing dot, letter case and a name cut to 40 characters', () => {
    const long = 'mx-eu-west-1.inbound.mail-protection.example.com.';
    const { deliveries } = parseLines(sendmail, [
      P + session('OK', 'MX.Example.NET.'),
      P + to('5B1A0c2d012430', 'amy@example.org', 'mx.example.net. [192.0.2.10]'),
      P + session('FAIL', long),
      // logdelivery prints shortenstring(host, 40): the first 18 and the last 18 characters.
      P +
        to(
          '5B1A0c2d012431',
          'ben@example.com',
          'mx-eu-west-1.inbou...ction.example.com. [203.0.113.5]',
        ),
    ]);
    assert.deepEqual(
      deliveries.map((d) => [d.mxHost, d.ip, d.trustLogged]),
      [
        ['mx.example.net', '192.0.2.10', 'verify=OK'],
        ['mx-eu-west-1.inbound.mail-protection.example.com', '203.0.113.5', 'verify=FAIL'],
      ],
    );
  });

  it('reads IPv6 relays, address literals and the old TLSv1/SSLv3 version', () => {
    const { deliveries } = parseLines(sendmail, [
      P +
        'STARTTLS=client, relay=mx6.example.net., version=TLSv1.3, verify=OK, cipher=TLS_AES_256_GCM_SHA384, bits=256/256',
      P + to('5B1A0c2d012440', 'cal@example.org', 'mx6.example.net. [IPv6:2001:db8::25]'),
      P +
        'STARTTLS=client, relay=[192.0.2.20], version=TLSv1/SSLv3, verify=NO, cipher=RC4-SHA, bits=128/128',
      P + to('5B1A0c2d012441', 'dan@example.org', '[192.0.2.20] [192.0.2.20]'),
    ]);
    assert.deepEqual(
      deliveries.map((d) => [
        d.mxHost,
        d.ip,
        d.tlsVersionLogged,
        d.tlsVersion,
        d.cipher,
        d.forwardSecrecy,
        d.evidence,
      ]),
      [
        [
          'mx6.example.net',
          '2001:db8::25',
          'TLSv1.3',
          'TLSv1.3',
          'TLS_AES_256_GCM_SHA384',
          true,
          'chain-only',
        ],
        [null, '192.0.2.20', 'TLSv1/SSLv3', null, 'RC4-SHA', false, 'trust-only'],
      ],
    );
  });

  it('forgets a session after the connection cache would have closed it', () => {
    const { deliveries } = parseLines(sendmail, [
      P + session('OK'),
      'Dec  1 10:14:00 out1 sm-mta[100]: ' + to('5B1A0c2d012450', 'eli@example.org'),
      'Dec  1 10:40:00 out1 sm-mta[100]: ' + to('5B1A0c2d012451', 'flo@example.org'),
    ]);
    assert.deepEqual(
      deliveries.map((d) => d.evidence),
      ['chain-only', 'no-tls-line'],
    );
  });

  it('reads bounces and deferrals after a session with the session', () => {
    const { deliveries } = parseLines(sendmail, [
      P + session('OK'),
      P + to('5B1A0c2d012460', 'gil@example.org', MX, 'User unknown', '5.1.1'),
      P +
        to('5B1A0c2d012461', 'hep@example.org', MX, 'Deferred: 421 4.7.0 Try again later', '4.7.0'),
      P + to('5B1A0c2d012462', 'ivy@example.org', MX, 'Service unavailable', '5.0.0'),
    ]);
    assert.deepEqual(
      deliveries.map((d) => [d.status, d.dsn, d.starttls, d.software]),
      [
        ['bounced', '5.1.1', 'unverified', null],
        ['deferred', '4.7.0', 'unverified', null],
        ['bounced', '5.0.0', 'unverified', null],
      ],
    );
  });

  it('skips local and submission deliveries and other lines, and quarantines what it cannot read', () => {
    const { deliveries, outcomes } = parseLines(sendmail, [
      P + '5B1A0c2d012470: from=<a@example.org>, size=1200, class=0, nrcpts=1, msgid=<x@y>',
      P +
        'ruleset=check_mail, arg1=<spam@example.biz>, relay=[198.51.100.9], reject=553 5.1.8 Domain of sender address does not exist',
      P + 'AUTH=client, relay=smarthost.example.net., mech=PLAIN, bits=0',
      P +
        'STARTTLS=server, relay=client.example.org [198.51.100.4], version=TLSv1.3, verify=NO, cipher=TLS_AES_256_GCM_SHA384, bits=256/256',
      P + 'STARTTLS=client, SSL_shutdown failed: -1',
      'Dec  1 10:00:00 out1 sm-mta[50]: starting daemon (8.18.1): SMTP+queueing@00:25:00',
      P + 'NOQUEUE: lost input channel from [198.51.100.4] to MTA after rcpt',
      P +
        '5B1A0c2d012471: to=ann, ctladdr=ann (1000/1000), delay=00:00:00, xdelay=00:00:00, mailer=local, pri=30000, dsn=2.0.0, stat=Sent',
      'Dec  1 10:00:00 out1 sendmail[400]: 5B1A0c2d012472: to=ann@example.org, ctladdr=ann (1000/1000), delay=00:00:00, xdelay=00:00:00, mailer=relay, pri=30000, relay=[127.0.0.1] [127.0.0.1], dsn=2.0.0, stat=Sent (5B1A0c2d012473 Message accepted for delivery)',
      P + '5B1A0c2d012474: to=<bo@example.org>, delay=00:00:00, mailer=esmtp, pri=1',
      P +
        'STARTTLS=client, relay=mx.example.net., version=TLSv1.2, verify=MAYBE, cipher=AES128-SHA, bits=128/128',
      P + 'STARTTLS=client, relay=mx.example.net., version=TLSv1.2, verify=OK, cipher=AES128-SHA',
      P + 'STARTTLS=client, relay=mx.example.net., verify=OK, cipher=AES128-SHA, bits=128/128',
      P + 'STARTTLS=client, relay=mx.example.net., field=cn_subject, status=failed to extract CN',
      P + to('5B1A0c2d012475', 'root'),
      'Dec  1 10:00:00 out1 postfix/smtp[100]: 5B1A0C2D: to=<a@example.org>, status=sent',
      'not a syslog line at all',
      '',
    ]);
    assert.equal(deliveries.length, 0);
    assert.deepEqual(
      outcomes.map((o) => (o.kind === 'quarantined' ? o.code : o.kind)),
      [
        'skipped',
        'skipped',
        'skipped',
        'skipped',
        'skipped',
        'skipped',
        'skipped',
        'skipped',
        'skipped',
        'unrecognized-line',
        'bad-field',
        'bad-field',
        'bad-field',
        'skipped',
        'bad-field',
        'skipped',
        'bad-prefix',
        'skipped',
      ],
    );
  });

  it('detects files where sendmail lines dominate', () => {
    assert.equal(
      sendmail.detect([P + session('OK'), 'Dec  1 10:00:01 out1 sm-msp-queue[7]: x', 'junk']),
      true,
    );
    assert.equal(
      sendmail.detect([
        'Dec  1 10:00:00 out1 postfix/smtp[1]: x',
        'Dec  1 10:00:00 out1 postfix/qmgr[2]: y',
        P + 'z',
      ]),
      false,
    );
  });
});
