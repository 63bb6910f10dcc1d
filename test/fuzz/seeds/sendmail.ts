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

// sendmail 8.12 to 8.18 lines (tls.c tls_get_info, deliver.c logdelivery and starttls).

const RELAYS = [
  { name: 'mx1.example.net.', address: '[192.0.2.10]' },
  { name: 'MX2.Example.NET.', address: '[IPv6:2001:db8::25]' },
  { name: '[198.51.100.7]', address: '[198.51.100.7]' },
  {
    name: 'a-very-long-mail-exchanger-name.mail-cluster.example.com.',
    address: '[203.0.113.5]',
  },
];

/** Quoted local parts holding the `, key=` separators a delivery line is read by. */
const SENDMAIL_QUOTED: QuotedForm[] = [
  ...QUOTED_FORMS.filter((f) => !f('m').includes('<')),
  (m) => `"${m}, ${m}"`,
  (m) => `"${m}, delay=00:00:01, mailer=local, stat=Sent"`,
];

type Tls =
  | { kind: 'clear' }
  | { kind: 'session'; verify: string; trace: boolean; certificate: string | null }
  | { kind: 'failed' }
  | { kind: 'dane'; what: string };

const tls: fc.Arbitrary<Tls> = fc.oneof(
  fc.constant<Tls>({ kind: 'clear' }),
  fc.constant<Tls>({ kind: 'failed' }),
  fc.record({ kind: fc.constant('dane' as const), what: fc.constantFrom('not offered', 'failed') }),
  fc.record({
    kind: fc.constant('session' as const),
    verify: fc.constantFrom('OK', 'FAIL', 'NO', 'NOT', 'TRUSTED', 'DANE_FAIL', 'DANE_TEMP'),
    trace: fc.boolean(),
    certificate: fc.option(
      fc.constantFrom('ok', 'self-signed certificate', 'certificate has expired'),
    ),
  }),
);

const STATS = [
  { dsn: '2.0.0', stat: 'Sent (QID Message accepted for delivery)' },
  { dsn: '2.0.0', stat: 'Sent (OK 1733050000 qp 4242)' },
  { dsn: '4.0.0', stat: 'Deferred: 403 4.7.0 TLS handshake failed.' },
  { dsn: '4.2.0', stat: 'Deferred: 450 4.2.0 RCPT... Recipient address rejected: Greylisted' },
  { dsn: '5.1.1', stat: 'User unknown', reply: 'reply=550 5.1.1 RCPT... User unknown, ' },
];

const attempt: fc.Arbitrary<Entry[]> = fc
  .record({
    program: fc.constantFrom('sm-mta', 'sendmail', 'sm-msp-queue'),
    pid: fc.integer({ min: 1, max: 4194304 }),
    relay: fc.constantFrom(...RELAYS),
    id: fc.oneof(queueId('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz', 14)),
    tls,
    recipients: fc.array(fc.record({ to: recipient(SENDMAIL_QUOTED), bracket: fc.boolean() }), {
      minLength: 1,
      maxLength: 4,
    }),
    stat: fc.constantFrom(...STATS),
    ctladdr: fc.boolean(),
  })
  .map((a) => {
    const p = `out1 ${a.program}[${a.pid}]: `;
    const entries: Entry[] = [];
    const say = (text: string) => entries.push({ body: p + text, delivers: [] });
    const host = a.relay.name.replace(/\.$/, '').replace(/^\[|\]$/g, '');
    const session = a.tls;
    if (session.kind === 'session') {
      if (session.trace) {
        say(
          `STARTTLS: TLS cert verify: depth=0 /CN=${host}, state=0, reason=self-signed certificate`,
        );
      }
      say(
        `STARTTLS=client, relay=${a.relay.name}, version=TLSv1.3, verify=${session.verify}, ` +
          'cipher=TLS_AES_256_GCM_SHA384, bits=256/256',
      );
      if (session.certificate !== null) {
        say(
          `STARTTLS=client, cert-subject=/CN=${host}, cert-issuer=/C=US/O=Let+27s+20Encrypt/CN=R11, ` +
            `verifymsg=${session.certificate}`,
        );
      }
    } else if (session.kind === 'failed') {
      say(
        'STARTTLS=client, error: connect failed=-1, reason=certificate verify failed, ' +
          'SSL_error=1, errno=0, retry=-1',
      );
      say(
        'STARTTLS=client: 4242:error:0A000086:SSL routines::certificate verify failed:' +
          'ssl/statem/statem_clnt.c:1889:',
      );
      say(
        `ruleset=tls_server, arg1=SOFTWARE, relay=${host}, reject=403 4.7.0 TLS handshake failed.`,
      );
    } else if (session.kind === 'dane') {
      say(
        `STARTTLS=client, relay=${a.relay.name}, warning=DANE configured in DNS but STARTTLS ` +
          session.what,
      );
    }

    const to = a.recipients.map((r) => (r.bracket ? `<${r.to.address}>` : r.to.address)).join(',');
    const first = a.recipients[0]?.to.address ?? '';
    const ctladdr = a.ctladdr ? 'ctladdr=<root@out1.example> (0/0), ' : '';
    const stat = a.stat.stat.replace('QID', a.id).replace('RCPT', `<${first}>`);
    const reply = (a.stat.reply ?? '').replace('RCPT', `<${first}>`);
    entries.push({
      body:
        `${p}${a.id}: to=${to}, ${ctladdr}delay=00:00:02, xdelay=00:00:01, mailer=esmtp, ` +
        `pri=120000, relay=${a.relay.name} ${a.relay.address}, dsn=${a.stat.dsn}, ${reply}stat=${stat}`,
      delivers: a.recipients.map((r) => r.to),
    });
    return entries;
  });

const noise: fc.Arbitrary<Entry[]> = fc
  .tuple(fc.integer({ min: 1, max: 99999 }), recipient())
  .map(([pid, local]) => [
    {
      body: `out1 sm-mta[${pid}]: 5B1A0c2d012345: from=<news@sender.example>, size=2048, class=0, nrcpts=1, msgid=<abc@sender.example>, proto=ESMTP, daemon=MTA, relay=localhost [127.0.0.1]`,
      delivers: [],
    },
    {
      body: `out1 sm-mta[${pid}]: 5B1A0c2d012345: to=<${local.address}>, delay=00:00:00, mailer=local, pri=30000, dsn=2.0.0, stat=Sent`,
      delivers: [],
      mentions: [local],
    },
    {
      body: `out1 sm-mta[${pid}]: STARTTLS=server, relay=client.example [198.51.100.9], version=TLSv1.3, verify=NO, cipher=TLS_AES_256_GCM_SHA384, bits=256/256`,
      delivers: [],
    },
    {
      body: `out1 dovecot[${pid}]: imap-login: Login: user=<news>, method=PLAIN`,
      delivers: [],
    },
  ]);

/** Valid sendmail logs: interleaved connections of several processes, and other lines. */
export const sendmailScenario: fc.Arbitrary<Scenario> = fc
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
