import fc from 'fast-check';
import type { Dialect } from '../../../pipeline/model/delivery.js';
import { anyText, hostile, longText } from '../arbitraries.js';
import { eximScenario } from './exim.js';
import { jsonlScenario } from './jsonl.js';
import { kumomtaScenario } from './kumomta.js';
import { postfixScenario } from './postfix.js';
import type { Scenario } from './scenario.js';
import { sendmailScenario } from './sendmail.js';

export type { Scenario } from './scenario.js';

export const SCENARIOS: Record<Dialect, fc.Arbitrary<Scenario>> = {
  postfix: postfixScenario,
  exim: eximScenario,
  sendmail: sendmailScenario,
  kumomta: kumomtaScenario,
  jsonl: jsonlScenario,
};

const PF = 'Dec  1 10:00:00 out1 postfix/smtp[100]: ';
const EX = '2026-12-01 10:00:00 1wAbCd-0000000123-AbCd ';
const SM = 'Dec  1 10:00:00 out1 sm-mta[100]: ';

/**
 * Starts of lines that reach each parser's deeper branches, for arbitrary text to follow: a
 * header alone says little, the words of a message shape make the parser read the rest.
 */
const PREFIXES: Record<'postfix' | 'exim' | 'sendmail', string[]> = {
  postfix: [
    PF,
    '2026-12-01T10:00:00.250+01:00 out1 postfix-out/smtp[7]: ',
    `${PF}A1B2C3D4E5: to=<`,
    `${PF}A1B2C3D4E5: to=<ann@example.org>, relay=`,
    `${PF}A1B2C3D4E5: to=<ann@example.org>, relay=mx.example.net[192.0.2.10]:`,
    `${PF}A1B2C3D4E5: to=<ann@example.org>, relay=mx[192.0.2.10]:25, conn_use=`,
    `${PF}A1B2C3D4E5: Cannot start TLS`,
    `${PF}Trusted TLS connection established to `,
    `${PF}Verified TLS connection reused to mx.example.net[192.0.2.10]:25: `,
    `${PF}certificate verification failed for `,
    `${PF}SSL_connect error to `,
    'Dec 31 23:59:59 out1 postfix/smtp[1]: ',
  ],
  exim: [
    EX,
    '2026-12-01 10:00:00.123 +0100 [4242] 1wAbCd-0000000123-AbCd ',
    `${EX}=> `,
    `${EX}=> ann@example.org R=dnslookup T=remote_smtp H=`,
    `${EX}=> ann@example.org R=dnslookup T=remote_smtp H=mx.example.net [192.0.2.10]:`,
    `${EX}-> ann@example.org R=dnslookup T=remote_smtp H=mx [192.0.2.10] X=`,
    `${EX}== ann@example.org R=dnslookup T=remote_smtp defer (`,
    `${EX}** ann@example.org R=dnslookup T=remote_smtp H=mx [192.0.2.10] CV=`,
    `${EX}[192.0.2.10] SSL verify error: `,
    `${EX}SSL verify error: depth=0 error=`,
    `${EX}TLS session: `,
    `${EX}H=mx [192.0.2.10] TLS error on connection `,
  ],
  sendmail: [
    SM,
    `${SM}STARTTLS=client, relay=`,
    `${SM}STARTTLS=client, relay=mx.example.net., version=TLSv1.3, verify=`,
    `${SM}STARTTLS=client, cert-subject=`,
    `${SM}STARTTLS=client, error: connect failed=`,
    `${SM}STARTTLS: TLS cert verify: depth=0 `,
    `${SM}STARTTLS=client: `,
    `${SM}ruleset=tls_server, arg1=`,
    `${SM}5B1A0c2d012345: to=`,
    `${SM}5B1A0c2d012345: to=<ann@example.org>, delay=00:00:02, xdelay=`,
    `${SM}5B1A0c2d012345: to=<ann@example.org>, delay=0, mailer=esmtp, relay=`,
  ],
};

const KUMO_TYPES = [
  'Delivery',
  'TransientFailure',
  'Bounce',
  'Expiration',
  'AdminBounce',
  'Reception',
];
const KUMO_KEYS = [
  'id',
  'recipient',
  'timestamp',
  'event_time',
  'peer_address',
  'response',
  'tls_cipher',
  'tls_protocol_version',
  'egress_source',
  'source_address',
];
const JSONL_KEYS = [
  'time',
  'status',
  'recipient',
  'recipient_domain',
  'host',
  'queue_id',
  'mx_host',
  'ip',
  'port',
  'dsn',
  'reply',
  'banner',
  'starttls_advertised',
  'connection_use',
  'tls',
];

/** Values of the types a record's fields hold, and of the wrong ones. */
const jsonValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    'ann@example.org',
    ['ann@example.org', 'bob@example.net'],
    '2026-12-01T10:00:00Z',
    1767225600,
    1e308,
    -1e308,
    2 ** 53 + 2,
    { content: 'TLS handshake failed: x', enhanced_code: { class: 4, subject: 7, detail: 0 } },
    { name: 'MX.example.', addr: '192.0.2.1' },
    { attempted: true, established: true, certificate: { verified: true } },
    'TLS_AES_256_GCM_SHA384',
    'sent',
  ),
  hostile,
  anyText(30),
  fc.jsonValue({ maxDepth: 3 }),
);

function jsonRecord(base: Record<string, unknown>, keys: string[]): fc.Arbitrary<string> {
  return fc
    .dictionary(fc.constantFrom(...keys), jsonValue, { maxKeys: 6 })
    .map((fields) => JSON.stringify({ ...base, ...fields }));
}

/** Arbitrary lines aimed at one dialect: text after its prefixes, records of its keys. */
export function fuzzLine(dialect: Dialect): fc.Arbitrary<string> {
  const generic = [anyText(120), longText(4000), fc.jsonValue().map((v) => JSON.stringify(v))];
  switch (dialect) {
    case 'postfix':
    case 'exim':
    case 'sendmail':
      return fc.oneof(
        ...generic,
        fc.tuple(fc.constantFrom(...PREFIXES[dialect]), anyText(160)).map(([p, t]) => p + t),
      );
    case 'kumomta':
      return fc.oneof(
        ...generic,
        fc
          .constantFrom(...KUMO_TYPES)
          .chain((type) => jsonRecord({ type, id: 'x', recipient: 'a@example.org' }, KUMO_KEYS)),
      );
    case 'jsonl':
      return fc.oneof(
        ...generic,
        jsonRecord({ format: 'starttls-census/v1', time: '2026-12-01T10:00:00Z' }, JSONL_KEYS),
      );
  }
}
