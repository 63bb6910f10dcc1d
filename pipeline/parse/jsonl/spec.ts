import { DELIVERY_STATUSES } from '../../model/delivery.js';

/**
 * The constraints of schema/delivery-v1.schema.json, in code. The validator checks records
 * against these tables, and a test compares them with the schema file, so the two cannot drift.
 * Rules the tables cannot state (a domain must be valid, `established` needs `attempted`) are in
 * validate.ts; the schema states them as `anyOf`, `if`/`then` and `format`.
 */

export const FORMAT_V1 = 'starttls-census/v1';

/** Members whose names start with this are the sender's own; the parser ignores them. */
export const EXTENSION_PREFIX = 'x_';

export type JsonType = 'string' | 'boolean' | 'integer' | 'object' | 'null';

export interface FieldSpec {
  types: readonly JsonType[];
  const?: string;
  enum?: readonly string[];
  minimum?: number;
  maximum?: number;
  /** An ECMAScript regular expression, unanchored as in JSON Schema. */
  pattern?: string;
  /** What a value must look like, for the message when `pattern` does not match. */
  meaning?: string;
  /** The value may be all local part: problems do not quote it. */
  private?: boolean;
  /** The members of an object-valued field. */
  object?: ObjectSpec;
}

export interface ObjectSpec {
  required: readonly string[];
  fields: Readonly<Record<string, FieldSpec>>;
}

const STRING_OR_NULL: FieldSpec = { types: ['string', 'null'] };
const VERDICT: FieldSpec = { types: ['boolean', 'null'] };

export const TIME_PATTERN =
  '^\\d{4}-\\d\\d-\\d\\d[Tt]\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?([Zz]|[+-]\\d\\d:\\d\\d)$';
export const TIME_MEANING = 'an RFC 3339 time with an offset, e.g. 2026-03-01T10:15:00Z';

export const CERTIFICATE_SPEC: ObjectSpec = {
  required: [],
  fields: {
    verified: VERDICT,
    self_signed: VERDICT,
    untrusted_ca: VERDICT,
    name_mismatch: VERDICT,
    expired: VERDICT,
    subject: STRING_OR_NULL,
    issuer: STRING_OR_NULL,
  },
};

export const TLS_SPEC: ObjectSpec = {
  required: ['attempted', 'established'],
  fields: {
    attempted: { types: ['boolean'] },
    established: { types: ['boolean'] },
    protocol: STRING_OR_NULL,
    cipher: STRING_OR_NULL,
    key_exchange: STRING_OR_NULL,
    certificate: { types: ['object', 'null'], object: CERTIFICATE_SPEC },
    error: STRING_OR_NULL,
  },
};

export const RECORD_SPEC: ObjectSpec = {
  required: ['format', 'time', 'status'],
  fields: {
    format: { types: ['string'], const: FORMAT_V1 },
    time: { types: ['string'], pattern: TIME_PATTERN, meaning: TIME_MEANING },
    host: STRING_OR_NULL,
    queue_id: STRING_OR_NULL,
    recipient_domain: {
      types: ['string'],
      pattern: '^[^@\\s]+$',
      meaning: "a domain without a local part ('@' is not allowed: local parts are never kept)",
    },
    recipient: {
      types: ['string'],
      pattern: '@[^@\\s]+$',
      meaning: 'an address with a domain, e.g. jane@example.org',
      private: true,
    },
    mx_host: STRING_OR_NULL,
    ip: STRING_OR_NULL,
    port: { types: ['integer', 'null'], minimum: 1, maximum: 65535 },
    status: { types: ['string'], enum: DELIVERY_STATUSES },
    dsn: {
      types: ['string', 'null'],
      pattern: '^[245]\\.\\d{1,3}\\.\\d{1,3}$',
      meaning: 'an enhanced status code, e.g. 2.0.0',
    },
    reply: STRING_OR_NULL,
    banner: STRING_OR_NULL,
    starttls_advertised: { types: ['boolean', 'null'] },
    // The warehouse column is a 32-bit integer.
    connection_use: { types: ['integer', 'null'], minimum: 1, maximum: 2_147_483_647 },
    tls: { types: ['object', 'null'], object: TLS_SPEC },
  },
};
