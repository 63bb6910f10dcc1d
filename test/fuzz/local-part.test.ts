import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { maskLocalParts } from '../../pipeline/enrich/local-part.js';
import { recipientDomain } from '../../pipeline/enrich/recipient.js';
import { anyText, domain, marker } from './arbitraries.js';
import { runs } from './config.js';

// The masking of local parts in stored text (verification texts, quarantined lines), and the
// recipient domain, against references written here.

// The masking as a regular expression: right, but quadratic on long runs, so only a reference.
const ADDRESS = /[^\s<>",;:()[\]]+@(?=[A-Za-z0-9[])/g;
const reference = (text: string) => text.replace(ADDRESS, '…@');

const separators = fc.constantFrom(' ', ', ', ': ', '<', '>', '(', ')', ';', '\t', '[', ']');

describe('local parts, fuzzed', () => {
  it('masks like the regular expression it replaces, on text without quotes', () => {
    const text = fc
      .oneof(
        anyText(80),
        fc.string({
          unit: fc.constantFrom('a', '@', '[', ' ', '.', 'B', '1', '<', "'", '\\'),
          maxLength: 40,
        }),
      )
      .filter((t) => !t.includes('"'));
    fc.assert(
      fc.property(text, (t) => assert.equal(maskLocalParts(t), reference(t))),
      runs(3000),
    );
  });

  it('leaves no local part of an address in text, quoted or not', () => {
    const address = fc
      .tuple(
        marker,
        fc.constantFrom(
          (m: string) => m,
          (m: string) => `${m}.x+tag`,
          (m: string) => `o'${m}`,
          (m: string) => `"${m} ${m}"`,
          (m: string) => `"${m}@${m}"`,
          (m: string) => `"${m}\\"q, ${m}"`,
          (m: string) => `"<script>${m}</script>"`,
        ),
        domain,
      )
      .map(([m, form, [logged]]) => ({ marker: m, text: `${form(m)}@${logged}` }));
    const pieces = fc.array(
      fc.oneof(
        address.map((a) => ({ ...a, gap: '' })),
        fc.tuple(anyText(20), separators).map(([t, gap]) => ({ marker: null, text: t, gap })),
      ),
      { maxLength: 8 },
    );
    fc.assert(
      fc.property(pieces, separators, (parts, gap) => {
        const text = parts.map((p) => p.text + (p.gap || gap)).join('');
        const masked = maskLocalParts(text).toLowerCase();
        for (const p of parts) {
          if (p.marker !== null) assert.ok(!masked.includes(p.marker), `${p.marker} in ${masked}`);
        }
      }),
      runs(2000),
    );
  });

  it('gives a lower-case domain without @, space or control character, or null', () => {
    const address = fc.oneof(
      anyText(60),
      fc.tuple(anyText(10), fc.constantFrom('@', '@@'), anyText(20)).map((p) => p.join('')),
      fc
        .tuple(anyText(10), fc.constantFrom('@[', '@[IPv6:'), anyText(20), fc.constantFrom(']', ''))
        .map((p) => p.join('')),
    );
    fc.assert(
      fc.property(address, (a) => {
        const d = recipientDomain(a);
        if (d === null) return;
        assert.ok(
          d !== '' && !/[\s\p{Cc}@]/u.test(d),
          `domain ${JSON.stringify(d)} of ${JSON.stringify(a)}`,
        );
        assert.equal(d, d.toLowerCase());
      }),
      runs(3000),
    );
  });
});
