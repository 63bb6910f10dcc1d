import fc from 'fast-check';
import { recipient, type Recipient, type Scenario } from './scenario.js';
import { instant2026, rfc3339Time } from './time.js';

// KumoMTA log records (docs/reference/log_record.md), one JSON object per line.

/** Local parts of RFC 5321 and 6531 that a JSON string carries verbatim. */
const JSON_LOCAL_PARTS = [
  (m: string) => `"${m} ${m}"`,
  (m: string) => `"${m}<script>"`,
  (m: string) => `"=cmd|' /C calc'!A0${m}"`,
  (m: string) => `"${m}\\"quoted"`,
  (m: string) => `${m}\u00e9`,
  (m: string) => `"${m}@${m}"`,
];

const PEERS = [
  { name: 'MX.example.org.', addr: '192.0.2.25' },
  { name: 'mx2.example.net', addr: '2001:db8::25' },
];

/** Response texts: a remote server writes them, so they may name the recipient. */
const CONTENTS = {
  Delivery: ['OK ids=8a5475ccbbc611eda12250ebf67f93bd', '250 2.0.0 Ok: queued as 4XyZ2k1mNbz'],
  TransientFailure: [
    'TLS handshake with ResolvedAddress { name: "mx.example.org.", addr: 192.0.2.25 }:25 failed: invalid peer certificate: UnknownIssuer',
    'TLS handshake failed: invalid peer certificate: NotValidForName, will re-connect in the clear because opportunistic_tls_reconnect_on_failed_handshake=true',
    '451 4.7.1 <RCPT>: Recipient address rejected: Greylisted',
    '450 4.7.0 <RCPT>: invalid peer certificate: UnknownIssuer',
  ],
  Bounce: ['550 5.1.1 <RCPT>: Recipient address rejected: User unknown'],
  Expiration: ['Next delivery time would be at 2026-12-05 exceeds expiry time'],
  AdminBounce: ['Administratively bounced'],
} as const;

type AttemptType = keyof typeof CONTENTS;

interface KumoRecord {
  line: string;
  recipients: Recipient[];
  /** The recipients that must give rows: none for skipped records. */
  delivers: Recipient[];
  timeMillis: number;
}

const record: fc.Arbitrary<KumoRecord> = fc
  .record({
    type: fc.constantFrom<AttemptType | 'Reception' | 'Feedback' | 'Delayed'>(
      'Delivery',
      'TransientFailure',
      'Bounce',
      'Expiration',
      'AdminBounce',
      'Reception',
      'Feedback',
      'Delayed',
    ),
    recipients: fc.array(recipient(JSON_LOCAL_PARTS), { minLength: 1, maxLength: 4 }),
    list: fc.boolean(),
    bracket: fc.boolean(),
    peer: fc.option(fc.constantFrom(...PEERS), { freq: 4 }),
    time: fc.tuple(instant2026, fc.oneof(fc.constant(null), rfc3339Time)),
    content: fc.nat(),
    enhanced: fc.boolean(),
    tls: fc.option(
      fc.constantFrom(
        { tls_cipher: 'TLS_AES_256_GCM_SHA384', tls_protocol_version: 'TLSv1_3' },
        { tls_cipher: 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384', tls_protocol_version: 'TLSv1.2' },
      ),
    ),
    id: fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 32, maxLength: 32 }),
  })
  .map((r) => {
    const [instant, format] = r.time;
    const seconds = Math.floor(instant / 1000);
    const time = format === null ? { text: seconds, timeMillis: seconds * 1000 } : format(instant);
    const addresses = r.recipients.map((x) => (r.bracket ? `<${x.address}>` : x.address));
    const contents: readonly string[] =
      r.type in CONTENTS ? CONTENTS[r.type as AttemptType] : ['Received'];
    const content = (contents[r.content % contents.length] ?? '').replace(
      'RCPT',
      r.recipients[0]?.address ?? '',
    );
    const attempt = r.type in CONTENTS;
    const needsPeer = r.type === 'Expiration' || r.type === 'AdminBounce';
    const obj = {
      type: r.type,
      id: r.id,
      sender: 'news@sender.example.com',
      recipient: r.list ? addresses : addresses.slice(0, 1),
      queue: 'example.org',
      site: 'source2->mx.example.org.',
      size: 1047,
      response: {
        code: 250,
        enhanced_code: r.enhanced ? { class: 2, subject: 0, detail: 0 } : null,
        content,
        command: '.',
      },
      peer_address: r.peer,
      timestamp: time.text,
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
      ...(r.tls ?? {}),
    };
    const named = r.list ? r.recipients : r.recipients.slice(0, 1);
    return {
      line: JSON.stringify(obj),
      recipients: named,
      delivers: attempt && (!needsPeer || r.peer !== null) ? named : [],
      timeMillis: time.timeMillis,
    };
  });

/** Valid KumoMTA logs: records of every type, one or several recipients each. */
export const kumomtaScenario: fc.Arbitrary<Scenario> = fc
  .array(record, { minLength: 1, maxLength: 12 })
  .map((records) => ({
    lines: records.map((r) => r.line),
    markers: records.flatMap((r) => r.recipients.map((x) => x.marker)),
    expected: records.flatMap((r) =>
      r.delivers.map((x) => ({ domain: x.domain, timeMillis: r.timeMillis })),
    ),
  }));
