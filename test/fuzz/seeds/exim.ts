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
import { eximTime, instants } from './time.js';

// Exim main-log lines as Exim 4.8x to 4.99 write them (deliver.c, tls-openssl.c, tls-gnu.c).

const HOSTS = [
  { name: 'mx1.example.net', address: '192.0.2.10' },
  { name: 'MX2.Example.NET', address: '2001:db8::25' },
  { name: 'mail.example.com', address: '198.51.100.7' },
];

/** Quoted local parts that hold the `KEY=value` fields a delivery line is read by. */
const EXIM_QUOTED: QuotedForm[] = [
  ...QUOTED_FORMS,
  (m) => `"${m} R=${m} T=remote_smtp H=${m} [192.0.2.66] X=TLS1.2:x:1 CV=yes"`,
  (m) => `"${m}: ${m}"`,
];

const X_FIELDS = [
  'X=TLS1.3:TLS_AES_256_GCM_SHA384:256',
  'X=TLS1.2:ECDHE-RSA-AES256-GCM-SHA384:256',
  'X=TLSv1.2:ECDHE-RSA-AES128-GCM-SHA256:128',
  'X=TLS1.3:ECDHE_X25519__RSA_PSS_RSAE_SHA256__AES_256_GCM:256',
  'X=TLS1.2:ECDHE_SECP256R1__RSA_SHA256__AES_128_GCM:128',
  'X=TLS1.3:TLS_AES_256_GCM_SHA384:256:X25519',
  'X=TLS1.3:TLS_AES_128_GCM_SHA256:128*',
];

const VERIFY_ERRORS = [
  'depth=0 error=self-signed certificate cert=/CN=mx.example.net',
  'depth=1 error=unable to get local issuer certificate cert=/C=US/O=Example CA/CN=Example CA',
  'depth=0 error=certificate has expired cert=/CN=mx.example.net',
  'certificate name mismatch: DN="/CN=other.example" H="mx.example.net"',
];

const B62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

const messageId = fc.oneof(
  fc.tuple(queueId(B62, 6), queueId(B62, 6), queueId(B62, 2)).map((p) => p.join('-')),
  fc.tuple(queueId(B62, 6), queueId(B62, 10), queueId(B62, 4)).map((p) => p.join('-')),
);

const message: fc.Arbitrary<Entry[]> = fc
  .record({
    id: messageId,
    pid: fc.option(fc.integer({ min: 1, max: 4194304 })),
    host: fc.constantFrom(...HOSTS),
    port: fc.constantFrom('', ':25', ':587'),
    continued: fc.boolean(),
    dnssec: fc.boolean(),
    x: fc.option(fc.constantFrom(...X_FIELDS), { freq: 4 }),
    cv: fc.constantFrom('yes', 'no', 'dane', null),
    verify: fc.array(fc.constantFrom(...VERIFY_ERRORS), { maxLength: 2 }),
    tlsFailure: fc.boolean(),
    recipients: fc.array(
      fc.record({
        to: recipient(EXIM_QUOTED),
        orig: fc.option(recipient(EXIM_QUOTED), { freq: 4 }),
        flag: fc.constantFrom('=>', '==', '**'),
      }),
      { minLength: 1, maxLength: 3 },
    ),
  })
  .map((m) => {
    const p = `${m.pid === null ? '' : `[${m.pid}] `}${m.id} `;
    const { name, address } = m.host;
    const h = `H=${name}${m.dnssec ? ' DS' : ''} [${address}]${m.port}${m.continued ? '*' : ''}`;
    const tls = [m.x, m.x !== null && m.cv !== null ? `CV=${m.cv}` : null]
      .filter((f) => f !== null)
      .join(' ');
    const entries: Entry[] = [
      {
        body: `${p}<= news@sender.example H=client.example [198.51.100.7] P=esmtps X=TLS1.3:TLS_AES_256_GCM_SHA384:256 CV=no S=2048 id=abc@sender.example`,
        delivers: [],
      },
    ];
    for (const v of m.verify)
      entries.push({ body: `${p}[${address}] SSL verify error: ${v}`, delivers: [] });
    if (m.tlsFailure) {
      entries.push({
        body:
          `${p}TLS session: (SSL_connect): error:0A000086:SSL routines::certificate verify failed: ` +
          `delivering unencrypted to H=${name} [${address}] (not in hosts_require_tls)`,
        delivers: [],
      });
    }
    for (const [i, r] of m.recipients.entries()) {
      const to = r.to.address + (r.orig ? ` <${r.orig.address}>` : '');
      const mentions = r.orig ? [r.orig] : [];
      const route = 'R=dnslookup T=remote_smtp';
      let body: string;
      if (r.flag === '=>') {
        const flag = i > 0 && m.recipients[i - 1]?.flag === '=>' ? '->' : '=>';
        body = `${flag} ${to} ${route} ${h} ${tls} DN="/CN=${name}" C="250 OK id=1wAbCe-0000000456-XyZw"`;
      } else if (r.flag === '==') {
        body =
          `== ${to} ${route} defer (-44) ${h}: SMTP error from remote mail server after ` +
          `RCPT TO:<${r.to.address}>: 451 4.7.1 Greylisted`;
      } else {
        body =
          `** ${to} ${route} ${h} ${tls}: SMTP error from remote mail server after ` +
          `RCPT TO:<${r.to.address}>: 550 5.1.1 <${r.to.address}>: Recipient address rejected`;
      }
      entries.push({
        body: p + body.replace(/ +/g, ' ').replace(' :', ':'),
        delivers: [r.to],
        mentions,
      });
    }
    entries.push({ body: `${p}Completed`, delivers: [] });
    return entries;
  });

const noise: fc.Arbitrary<Entry[]> = fc.constant([
  { body: 'Start queue run: pid=4242', delivers: [] },
  { body: 'SMTP connection from [198.51.100.7]:51234 (TCP/IP connection count = 1)', delivers: [] },
  { body: 'End queue run: pid=4242', delivers: [] },
]);

/** Valid Exim main logs: interleaved messages, each with its evidence lines, and queue runs. */
export const eximScenario: fc.Arbitrary<Scenario> = fc
  .tuple(
    interleaved(
      fc
        .tuple(fc.array(message, { minLength: 1, maxLength: 4 }), fc.array(noise, { maxLength: 1 }))
        .map(([a, n]) => [...a, ...n]),
    ),
    eximTime,
  )
  .chain(([entries, format]) =>
    instants(entries.length).map((times) => assemble(entries, times, format)),
  );
