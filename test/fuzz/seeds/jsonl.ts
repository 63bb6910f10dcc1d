import fc from 'fast-check';
import { domain, marker } from '../arbitraries.js';
import type { Scenario } from './scenario.js';
import { instant2026, rfc3339Time } from './time.js';

// Canonical records (docs/canonical-jsonl.md, schema/delivery-v1.schema.json), valid by
// construction: every combination here is one the schema allows.

/** Local parts a sender may pass in `recipient`: JSON carries any text before the last `@`. */
const LOCAL_PARTS = [
  (m: string) => m,
  (m: string) => `"${m} <script>"`,
  (m: string) => `=cmd|' /C calc'!A0${m}`,
  (m: string) => `\u001b[31m${m}`,
  (m: string) => `../../etc/passwd/${m}`,
  (m: string) => `${m}@${m}`,
  (m: string) => `${m}\u0000\r\n`,
];

const verdict = fc.constantFrom(true, false, null);

const certificate = fc
  .record(
    {
      verified: verdict,
      self_signed: verdict,
      untrusted_ca: verdict,
      name_mismatch: verdict,
      expired: verdict,
      subject: fc.constantFrom('/CN=mx.example.org', null),
      issuer: fc.constantFrom("/C=US/O=Let's Encrypt/CN=R11", null),
    },
    { requiredKeys: [] },
  )
  .map((c) => {
    // `verified: true` contradicts any failed check.
    if (c.verified !== true) return c;
    const out: Record<string, unknown> = { ...c };
    for (const k of ['self_signed', 'untrusted_ca', 'name_mismatch', 'expired']) {
      if (out[k] === true) out[k] = false;
    }
    return out;
  });

const tls = fc.oneof(
  fc.constant(null),
  fc
    .record(
      {
        attempted: fc.boolean(),
        established: fc.boolean(),
        protocol: fc.constantFrom('TLSv1.3', 'TLSv1.2', 'TLS1.2', 'tlsv1_3', 'SSLv3', null),
        cipher: fc.constantFrom(
          'TLS_AES_256_GCM_SHA384',
          'ECDHE-RSA-AES256-GCM-SHA384',
          'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
          null,
        ),
        key_exchange: fc.constantFrom('X25519', null),
        certificate: fc.oneof(fc.constant(null), certificate),
        error: fc.constantFrom('certificate verify failed: self-signed certificate', null),
      },
      { requiredKeys: ['attempted', 'established'] },
    )
    .map((t) => ({ ...t, attempted: t.attempted || t.established })),
);

const STATUS_DSN = [
  ['sent', '2.0.0'],
  ['deferred', '4.2.0'],
  ['bounced', '5.1.1'],
] as const;

const record = fc
  .record({
    time: fc.tuple(instant2026, rfc3339Time),
    status: fc.constantFrom(...STATUS_DSN),
    to: fc.tuple(marker, fc.constantFrom(...LOCAL_PARTS), domain),
    given: fc.constantFrom('address', 'domain', 'both'),
    optional: fc.record(
      {
        host: fc.constantFrom('out1', 'mail-out-2.example.com', null),
        queue_id: fc.constantFrom('4XyZ2k1mNbz', null),
        mx_host: fc.constantFrom('MX.example.org.', 'mx2.example.net', null),
        ip: fc.constantFrom('192.0.2.25', '2001:db8::25', null),
        port: fc.constantFrom(25, 587, 65535, null),
        reply: fc.constantFrom('250 2.0.0 Ok: queued as 9F8E7D6C5B', null),
        banner: fc.constantFrom('220 mx.example.org ESMTP Postfix', null),
        starttls_advertised: fc.constantFrom(true, false, null),
        connection_use: fc.constantFrom(1, 2, 2147483647, null),
        tls,
        x_custom: fc.jsonValue({ maxDepth: 2 }),
      },
      { requiredKeys: [] },
    ),
    dsn: fc.boolean(),
  })
  .map((r) => {
    const [instant, format] = r.time;
    const time = format(instant);
    const [m, form, [logged, stored]] = r.to;
    const obj: Record<string, unknown> = {
      format: 'starttls-census/v1',
      time: time.text,
      status: r.status[0],
      ...r.optional,
    };
    if (r.dsn) obj.dsn = r.status[1];
    if (r.given !== 'domain') obj.recipient = `${form(m)}@${logged}`;
    if (r.given !== 'address') obj.recipient_domain = logged;
    return {
      line: JSON.stringify(obj),
      marker: m,
      expected: { domain: stored, timeMillis: time.timeMillis },
    };
  });

/** Valid canonical JSON Lines: one delivery per record. */
export const jsonlScenario: fc.Arbitrary<Scenario> = fc
  .array(record, { minLength: 1, maxLength: 12 })
  .map((records) => ({
    lines: records.map((r) => r.line),
    markers: records.map((r) => r.marker),
    expected: records.map((r) => r.expected),
  }));
