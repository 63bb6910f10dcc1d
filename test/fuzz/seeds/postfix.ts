import fc from 'fast-check';
import { interleaved } from './interleave.js';
import {
  assemble,
  QUOTED_FORMS,
  queueId,
  recipient,
  type Entry,
  type QuotedForm,
  type Scenario,
} from './scenario.js';
import { instants, syslogTime } from './time.js';

// Postfix smtp(8) lines as Postfix 2.x to 3.11 write them (tls_misc.c, tls_verify.c,
// smtp_proto.c, log_adhoc.c); addresses in the external, quoted form (Postfix ≥ 3.5).

const RELAYS = [
  'mx1.example.net[192.0.2.10]:25',
  'MX2.Example.NET[2001:db8::25]:25',
  'mail.example.com[198.51.100.7]:587',
  'mx.example.org[203.0.113.5]:25',
];

/** Quoted local parts that hold the very separators the delivery line is read by. */
const POSTFIX_QUOTED: QuotedForm[] = [
  ...QUOTED_FORMS,
  (m) => `"${m}>, relay=${m}[192.0.2.66]:25, ${m}"`,
  (m) => `"${m}>, orig_to=<${m}"`,
  (m) => `"${m}, status=sent (${m})"`,
];

const SUITES = [
  'TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)',
  'TLSv1.3 with cipher TLS_AES_128_GCM_SHA256 (128/128 bits) key-exchange X25519 server-signature RSA-PSS (2048 bits) server-digest SHA256',
  'TLSv1.2 with cipher ECDHE-RSA-AES256-GCM-SHA384 (256/256 bits)',
  'TLSv1 with cipher DHE-RSA-AES256-SHA (256/256 bits)',
  'TLSv1.2 with cipher ADH-AES256-GCM-SHA384 (256/256 bits)',
];

const VERIFY_FAILURES = [
  "untrusted issuer /C=US/O=Let's Encrypt/CN=R3",
  'num=18:self-signed certificate',
  'num=10:certificate has expired',
  'num=20:unable to get local issuer certificate',
  'hostname mismatch',
];

const HEX = '0123456789ABCDEF';
const LONG_ID = '0123456789BCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz';

type Tls =
  | { kind: 'clear' }
  | { kind: 'summary'; trust: string; suite: string; reused: boolean; verify: string[] }
  | { kind: 'failed' };

const tls: fc.Arbitrary<Tls> = fc.oneof(
  fc.constant<Tls>({ kind: 'clear' }),
  fc.constant<Tls>({ kind: 'failed' }),
  fc.record({
    kind: fc.constant('summary' as const),
    trust: fc.constantFrom('Anonymous ', 'Untrusted ', 'Trusted ', 'Verified ', ''),
    suite: fc.constantFrom(...SUITES),
    reused: fc.boolean(),
    verify: fc.array(fc.constantFrom(...VERIFY_FAILURES), { maxLength: 2 }),
  }),
);

const STATUSES = [
  { dsn: '2.0.0', text: 'sent (250 2.0.0 Ok: queued as 4XyZ2k1mNbz)' },
  { dsn: '2.0.0', text: 'sent (250 2.0.0 OK  1733050000 x12si345678qkb.1 - gsmtp)' },
  {
    dsn: '4.2.0',
    text: 'deferred (host mx[192.0.2.10] said: 450 4.2.0 <RCPT>: Recipient address rejected: Greylisted (in reply to RCPT TO command))',
  },
  {
    dsn: '5.1.1',
    text: 'bounced (host mx[192.0.2.10] said: 550 5.1.1 <RCPT>: Recipient address rejected: User unknown (in reply to RCPT TO command))',
  },
  { dsn: '4.7.5', text: 'deferred (Cannot start TLS: handshake failure)' },
];

const attempt: fc.Arbitrary<Entry[]> = fc
  .record({
    header: fc.record({
      host: fc.constantFrom('out1', 'mail-out-2.example.com'),
      program: fc.constantFrom('postfix/smtp', 'postfix-out/smtp', 'postfix/relay/smtp'),
      pid: fc.integer({ min: 1, max: 4194304 }),
    }),
    relay: fc.constantFrom(...RELAYS),
    queueId: fc.oneof(queueId(HEX, 10), queueId(LONG_ID, 15)),
    tls,
    recipients: fc.array(
      fc.record({
        to: recipient(POSTFIX_QUOTED),
        origTo: fc.option(recipient(POSTFIX_QUOTED), { freq: 4 }),
        status: fc.constantFrom(...STATUSES),
        connUse: fc.option(fc.integer({ min: 1, max: 40 })),
        tlsField: fc.option(
          fc.constantFrom('may', 'may:none', 'verify', '!dane', 'may?', 'encrypt'),
        ),
      }),
      { minLength: 1, maxLength: 3 },
    ),
  })
  .map(({ header, relay, queueId: qid, tls: session, recipients }) => {
    const p = `${header.host} ${header.program}[${header.pid}]: `;
    const entries: Entry[] = [];
    const say = (text: string) => entries.push({ body: p + text, delivers: [] });

    if (session.kind === 'summary') {
      for (const v of session.verify) say(`certificate verification failed for ${relay}: ${v}`);
      const how = session.reused ? 'reused' : 'established';
      say(`${session.trust}TLS connection ${how} to ${relay}: ${session.suite}`);
    } else if (session.kind === 'failed') {
      say(`SSL_connect error to ${relay}: -1`);
      say(
        'warning: TLS library problem: error:0A000086:SSL routines::certificate verify failed:' +
          '../ssl/statem/statem_clnt.c:1889:',
      );
      say(`${qid}: Cannot start TLS: handshake failure`);
    }
    for (const r of recipients) {
      const orig = r.origTo ? `orig_to=<${r.origTo.address}>, ` : '';
      const use = r.connUse === null ? '' : `conn_use=${r.connUse}, `;
      const field = r.tlsField === null ? '' : `tls=${r.tlsField}, `;
      const status = r.status.text.replace('RCPT', r.to.address);
      entries.push({
        body:
          `${p}${qid}: to=<${r.to.address}>, ${orig}relay=${relay}, ${use}` +
          `delay=0.52, delays=0.1/0.01/0.2/0.21, ${field}dsn=${r.status.dsn}, status=${status}`,
        delivers: [r.to],
        mentions: r.origTo ? [r.origTo] : [],
      });
    }
    return entries;
  });

/** Lines of other programs and of smtp that carry no delivery: all skipped. */
const noise: fc.Arbitrary<Entry[]> = fc
  .tuple(queueId(HEX, 10), recipient(), fc.integer({ min: 1, max: 99999 }))
  .map(([qid, r, pid]) => [
    {
      body: `out1 postfix/qmgr[${pid}]: ${qid}: from=<news@sender.example>, size=2048, nrcpt=1 (queue active)`,
      delivers: [],
    },
    { body: `out1 postfix/smtpd[${pid}]: connect from unknown[198.51.100.9]`, delivers: [] },
    {
      body: `out1 postfix/smtpd[${pid}]: Anonymous TLS connection established from unknown[198.51.100.9]: TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)`,
      delivers: [],
    },
    {
      body: `out1 postfix/smtp[${pid}]: connect to mx9.example.net[192.0.2.99]:25: Connection refused`,
      delivers: [],
    },
    {
      body: `out1 postfix/smtp[${pid}]: ${qid}: to=<${r.address}>, relay=none, delay=30, delays=0/0/30/0, dsn=4.4.1, status=expired, returned to sender`,
      delivers: [],
      mentions: [r],
    },
    { body: `out1 postfix/qmgr[${pid}]: ${qid}: removed`, delivers: [] },
  ]);

/** Valid Postfix logs: interleaved attempts of several smtp processes, and other lines. */
export const postfixScenario: fc.Arbitrary<Scenario> = fc
  .tuple(
    interleaved(
      fc
        .tuple(fc.array(attempt, { minLength: 1, maxLength: 4 }), fc.array(noise, { maxLength: 1 }))
        .map(([a, n]) => [...a, ...n]),
    ),
    syslogTime,
  )
  .chain(([entries, format]) =>
    instants(entries.length).map((times) => assemble(entries, times, format)),
  );
