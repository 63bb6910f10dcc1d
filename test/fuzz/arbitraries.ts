import fc from 'fast-check';

/** Strings an attacker, or a broken client, may put where a log expects an address or a name. */
export const HOSTILE_STRINGS = [
  '<script>alert(1)</script>',
  "=cmd|' /C calc'!A0",
  '\u001b[31m',
  '../../etc/passwd',
  '\u0000',
  '\r',
  '\u2028',
  '\ufffd',
  '"',
  '\\',
  '%s%n',
  '${jndi:ldap://x}',
  '\u202e',
  '@',
  '<>',
  '[',
  '\t',
] as const;

/** A local part no other text of a test line contains: `zq` and eight letters or digits. */
export const marker: fc.Arbitrary<string> = fc
  .string({
    unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'),
    minLength: 8,
    maxLength: 8,
  })
  .map((s) => `zq${s}`);

/**
 * A recipient domain as logged, and the warehouse value it must give (lower-case A-label, no
 * trailing dot); IDN labels worked out with an IDNA converter by hand.
 */
export const DOMAINS: readonly (readonly [logged: string, stored: string])[] = [
  ['example.org', 'example.org'],
  ['Example.NET', 'example.net'],
  ['mail.example.co.uk', 'mail.example.co.uk'],
  ['sub-1.example.com.', 'sub-1.example.com'],
  ['bücher.example', 'xn--bcher-kva.example'],
  ['xn--bcher-kva.example', 'xn--bcher-kva.example'],
  ['[192.0.2.55]', '[192.0.2.55]'],
  ['[IPv6:2001:db8::1]', '[ipv6:2001:db8::1]'],
];

export const domain = fc.constantFrom(...DOMAINS);

/** One character of text a log line may hold after decoding: any code unit, biased to edges. */
const anyUnit = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 1 }) },
  { weight: 1, arbitrary: fc.constantFrom('\u0000', '\r', '\t', '\ufffd', '\u2028', '\u00a0') },
  // Lone surrogates never come out of UTF-8 decoding, but the parsers get strings in tests too.
  {
    weight: 1,
    arbitrary: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)),
  },
  { weight: 2, arbitrary: fc.constantFrom(...' <>[]()"=,:;@*.-_/\\{}|') },
);

/** Arbitrary text: unicode, control characters, NUL, CR, U+FFFD, lone surrogates. */
export const anyText = (maxLength = 200): fc.Arbitrary<string> =>
  fc.string({ unit: anyUnit, maxLength });

/** A very long line: one character or fragment repeated up to `maxLength` characters. */
export const longText = (maxLength: number): fc.Arbitrary<string> =>
  fc
    .tuple(
      fc.oneof(anyText(6), fc.constantFrom('a', '[', '<', ', ', ' ', '"', '\\', '{"a":')),
      fc.integer({ min: 1, max: maxLength }),
    )
    .map(([unit, length]) => (unit === '' ? 'x' : unit).repeat(length).slice(0, length));

export const hostile = fc.constantFrom(...HOSTILE_STRINGS);

/** Numbers that break code which trusts a digit field: huge, negative, zero, not a number. */
export const hostileNumber = fc.constantFrom(
  '99999999999999999999',
  '340282366920938463463374607431768211456',
  '1e308',
  '-1',
  '-99999',
  '0',
  '00',
  'NaN',
  '2147483648',
  '65536',
  '9007199254740993',
  '',
);
