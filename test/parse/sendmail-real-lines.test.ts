import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifySession } from '../../pipeline/parse/sendmail/evidence.js';
import { sendmail } from '../../pipeline/parse/sendmail/index.js';
import { readSendmailMessage } from '../../pipeline/parse/sendmail/messages.js';
import { parseLines } from '../helpers/parse.js';

// Sendmail lines written by real servers, copied unchanged from public sources. The expected
// fields are read off each line by eye.

describe('Sendmail lines from sonic.net, 2012 (augieschwer/grok-patterns, test-sendmail.rb)', () => {
  const lines = [
    'Nov  7 13:52:47 b.mx.sonic.net sm-mta[29846]: qA7LqlqC029841: to=<augie@corp.sonic.net>, delay=00:00:00, xdelay=00:00:00, mailer=esmtp, pri=121391, relay=lds.sonic.net. [69.12.221.231], dsn=2.0.0, stat=Sent (qA7Lqlbm023338 Message accepted for delivery)',
    'Nov 12 13:01:25 b.mail.sonic.net sm-mta[24670]: qACL1HdZ024655: to=<augie@corp.sonic.net>, delay=00:00:08, xdelay=00:00:01, mailer=esmtp, pri=1322505, relay=aspmx.l.google.com. [173.194.79.26], dsn=2.0.0, stat=Sent (OK 1352754085 j9si11007854paw.67)',
    'Nov 12 14:40:08 b.mail.sonic.net sm-mta[17605]: qACMe8E2017601: to=<augie@corp.sonic.net>, delay=00:00:00, xdelay=00:00:00, mailer=esmtp, pri=127125, relay=mta6.am0.yahoodns.net., dsn=4.0.0, stat=Deferred',
    'Nov 12 16:12:42 b.mail.sonic.net sm-mta[13756]: qAD0Cg5c013756: to=<augie@corp.sonic.net>, delay=00:00:00, pri=30747, stat=Mail Rejected: high volume mailings not allowed. Contact support@sonic.net for more information.',
    'Nov 13 14:52:10 a.mail.sonic.net sm-mta[16961]: qADMh0cd016570: to=<augie@corp.sonic.net>,<augie@sonic.net>,<augie@schwer.us>, delay=00:09:09, xdelay=00:00:09, mailer=esmtp, pri=4437228, relay=ign-com.mail.eo.outlook.com. [216.32.180.22], dsn=2.0.0, stat=Sent (<00b601cdc1f0$4d506a80$e7f13f80$@com> [InternalId=14475985] Queued mail for delivery)',
    'Nov  7 13:52:47 b.mx.sonic.net sm-mta[29841]: qA7LqlqC029841: from=<augie@corp.sonic.net>, size=1391, class=0, nrcpts=1, msgid=<509AD829.8000902@corp.sonic.net>, proto=ESMTP, daemon=MTA, relay=a.mail.sonic.net [64.142.16.245]',
    'Nov  7 13:52:47 b.mx.sonic.net sm-mta[29841]: qA7LqlqC029841: Milter add: header: X-Sonic-SB-IP-RBLs: IP RBLs sorbs-spam.',
    'Nov 30 10:35:10 a.spam.sonic.net sendmail[20393]: STARTTLS=client, relay=gmail-smtp-in.l.google.com., version=TLSv1/SSLv3, verify=OK, cipher=RC4-SHA, bits=128/128',
    'Nov 30 14:46:00 d.spam.sonic.net sendmail[12906]: STARTTLS: write error=syscall error (-1), errno=104, get_error=error:00000000:lib(0):func(0):reason(0), retry=99, ssl_err=5',
    'Dec  4 10:24:32 c.spam.sonic.net sendmail[32283]: ruleset=tls_server, arg1=SOFTWARE, relay=goransoncpa-com.mail.eo.outlook.com, reject=403 4.7.0 TLS handshake failed.',
    'Dec  4 10:24:32 c.spam.sonic.net sendmail[32283]: STARTTLS=client, error: connect failed=0, SSL_error=5',
  ];

  it('reads every line, and uses the ones about outbound deliveries and TLS', () => {
    const { outcomes } = parseLines(sendmail, lines, { year: 2012 });
    assert.deepEqual(
      outcomes.map((o) => o.kind),
      [
        'used',
        'used',
        'used',
        'skipped', // no mailer=: rejected before any delivery attempt
        'used',
        'skipped',
        'skipped',
        'used',
        'skipped', // a read/write error inside a session, client or server
        'used',
        'used',
      ],
    );
  });

  it('pins the delivery fields; none of these processes logged a STARTTLS line', () => {
    const { deliveries } = parseLines(sendmail, lines, { year: 2012 });
    assert.deepEqual(
      deliveries.map((d) => [
        d.queueId,
        d.recipientDomain,
        d.mxHost,
        d.ip,
        d.status,
        d.dsn,
        d.software,
        d.starttls,
      ]),
      [
        [
          'qA7LqlqC029841',
          'corp.sonic.net',
          'lds.sonic.net',
          '69.12.221.231',
          'sent',
          '2.0.0',
          'sendmail',
          'none',
        ],
        // Gmail's 2012 reply lacks the ` - gsmtp` tail the Google fingerprint looks for.
        [
          'qACL1HdZ024655',
          'corp.sonic.net',
          'aspmx.l.google.com',
          '173.194.79.26',
          'sent',
          '2.0.0',
          null,
          'none',
        ],
        [
          'qACMe8E2017601',
          'corp.sonic.net',
          'mta6.am0.yahoodns.net',
          null,
          'deferred',
          '4.0.0',
          null,
          'none',
        ],
        ...['corp.sonic.net', 'sonic.net', 'schwer.us'].map((domain) => [
          'qADMh0cd016570',
          domain,
          'ign-com.mail.eo.outlook.com',
          '216.32.180.22',
          'sent',
          '2.0.0',
          'exchange',
          'none',
        ]),
      ],
    );
    assert.equal(deliveries[0]?.timeMillis, Date.UTC(2012, 10, 7, 13, 52, 47));
  });

  it('reads the STARTTLS session, the tls_server refusal and the old connect failure', () => {
    const message = (line: string): string => line.slice(line.indexOf(']: ') + 3);
    assert.deepEqual(readSendmailMessage(message(lines[7] ?? '')), {
      kind: 'tls-session',
      relay: 'gmail-smtp-in.l.google.com.',
      version: 'TLSv1/SSLv3',
      verify: { kind: 'encrypted', verify: 'OK' },
      cipher: 'RC4-SHA',
    });
    assert.deepEqual(readSendmailMessage(message(lines[9] ?? '')), {
      kind: 'tls-server-ruleset',
      meaning: { kind: 'failed', verify: 'SOFTWARE' },
      relay: 'goransoncpa-com.mail.eo.outlook.com',
    });
    assert.deepEqual(readSendmailMessage(message(lines[10] ?? '')), {
      kind: 'connect-failed',
      reason: null,
    });
  });
});

describe('Sendmail 8.14 at LogLevel 15 (serverfault.com/questions/797007)', () => {
  // The question quotes the messages without timestamp and host.
  const sessionLine =
    'STARTTLS=client, relay=mail.example.com.netsolmail.net., version=TLSv1/SSLv3, verify=FAIL, cipher=DHE-RSA-AES256-SHA, bits=256/256';
  const certificateLine =
    'STARTTLS=client, cert-subject=/OU=GT39680792/OU=See+20www.rapidssl.com/resources/cps+20+28c+2915/OU=Domain+20Control+20Validated+20-+20RapidSSL+28R+29/CN=*.hostingplatform.com, cert-issuer=/C=US/O=GeoTrust+20Inc./CN=RapidSSL+20SHA256+20CA+20-+20G3, verifymsg=unable to get local issuer certificate';

  it('reads the session and the xtext-encoded certificate line', () => {
    assert.deepEqual(readSendmailMessage(sessionLine), {
      kind: 'tls-session',
      relay: 'mail.example.com.netsolmail.net.',
      version: 'TLSv1/SSLv3',
      verify: { kind: 'encrypted', verify: 'FAIL' },
      cipher: 'DHE-RSA-AES256-SHA',
    });
    assert.deepEqual(readSendmailMessage(certificateLine), {
      kind: 'certificate',
      subject:
        '/OU=GT39680792/OU=See+20www.rapidssl.com/resources/cps+20+28c+2915/OU=Domain+20Control+20Validated+20-+20RapidSSL+28R+29/CN=*.hostingplatform.com',
      issuer: '/C=US/O=GeoTrust+20Inc./CN=RapidSSL+20SHA256+20CA+20-+20G3',
      verifyMessage: 'unable to get local issuer certificate',
    });
  });

  it('turns that verifymsg into the untrusted-CA reason', () => {
    assert.deepEqual(classifySession('FAIL', ['unable to get local issuer certificate']), {
      starttls: 'opportunistic',
      evidence: 'reasons',
      verdicts: { selfSigned: null, untrustedCa: true, nameMismatch: null, expired: null },
      verifyText: 'unable to get local issuer certificate',
    });
  });
});

describe('Sendmail on FreeBSD, 2014 (forums.freebsd.org, "Help interpreting sendmail maillog")', () => {
  // One queue run trying Gmail's five MX hosts in turn; the poster masked the address in the
  // reply and, by the look of it, mistyped the last relay (`gmail-mtp-in`).
  const lines = [
    'Apr 11 04:21:15 www sm-mta[79055]: STARTTLS=client, relay=gmail-smtp-in.l.google.com., version=TLSv1/SSLv3, verify=FAIL, cipher=ECDHE-RSA-AES128-GCM-SHA256, bits=128/128',
    'Apr 11 04:21:15 www sm-mta[79055]: STARTTLS=client, relay=alt1.gmail-smtp-in.l.google.com., version=TLSv1/SSLv3, verify=FAIL, cipher=ECDHE-RSA-AES128-GCM-SHA256, bits=128/128',
    'Apr 11 04:21:17 www sm-mta[79055]: STARTTLS=client, relay=alt2.gmail-smtp-in.l.google.com., version=TLSv1/SSLv3, verify=FAIL, cipher=ECDHE-RSA-AES128-GCM-SHA256, bits=128/128',
    'Apr 11 04:21:19 www sm-mta[79055]: STARTTLS=client, relay=alt3.gmail-smtp-in.l.google.com., version=TLSv1/SSLv3, verify=FAIL, cipher=ECDHE-RSA-AES128-GCM-SHA256, bits=128/128',
    'Apr 11 04:21:20 www sm-mta[79055]: STARTTLS=client, relay=alt4.gmail-smtp-in.l.google.com., version=TLSv1/SSLv3, verify=FAIL, cipher=ECDHE-RSA-AES128-GCM-SHA256, bits=128/128',
    'Apr 11 04:21:21 www sm-mta[79055]: s3B8TxnY078957: to=<patrick@mydomain.com>, delay=00:51:20, xdelay=00:00:06, mailer=esmtp, pri=211323, relay=alt4.gmail-mtp-in.l.google.com. [173.194.70.27], dsn=4.0.0, stat=Deferred: 421-4.7.0 [107.XXX.XX.XXX      15] Our system has detected an unusual rate of',
  ];

  it('reads the five sessions and the deferral as logged', () => {
    const { deliveries, outcomes } = parseLines(sendmail, lines, { year: 2014 });
    assert.deepEqual(
      outcomes.map((o) => o.kind),
      ['used', 'used', 'used', 'used', 'used', 'used'],
    );
    assert.deepEqual(
      deliveries.map((d) => [
        d.timeMillis,
        d.queueId,
        d.recipientDomain,
        d.mxHost,
        d.ip,
        d.status,
        d.dsn,
        d.starttls,
      ]),
      [
        [
          Date.UTC(2014, 3, 11, 4, 21, 21),
          's3B8TxnY078957',
          'mydomain.com',
          'alt4.gmail-mtp-in.l.google.com',
          '173.194.70.27',
          'deferred',
          '4.0.0',
          // The relay as posted matches none of the five sessions.
          'none',
        ],
      ],
    );
  });

  it('classifies the same deferral as opportunistic once the relay names the last session', () => {
    const fixed = (lines[5] ?? '').replace('gmail-mtp-in', 'gmail-smtp-in');
    const { deliveries } = parseLines(sendmail, [...lines.slice(0, 5), fixed], { year: 2014 });
    assert.deepEqual(
      deliveries.map((d) => [d.mxHost, d.starttls, d.evidence, d.tlsVersion, d.forwardSecrecy]),
      [['alt4.gmail-smtp-in.l.google.com', 'opportunistic', 'trust-only', null, true]],
    );
  });
});
