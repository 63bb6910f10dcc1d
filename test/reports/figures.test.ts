import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FIGURES } from '../../reports/figures/index.js';
import { renderSvg } from '../../reports/render.js';
import { RESULT_COLORS } from '../../reports/vocabulary.js';
import { FIGURE_ROWS } from './figure-rows.js';
import { assertGolden, normalizeSvg } from './golden.js';
import { at } from './json-path.js';

const byId = (id: string) => {
  const figure = FIGURES.find((f) => f.id === id);
  assert.ok(figure, id);
  return figure;
};

/** The colour scale of the first layer (or the single spec) that has one, as plain JSON. */
function colorScale(spec: unknown): { domain: string[]; range: string[] } {
  const json: unknown = JSON.parse(JSON.stringify(spec));
  const scale =
    at(json, 'layer', 0, 'encoding', 'color', 'scale') ??
    at(json, 'spec', 'encoding', 'color', 'scale');
  return scale as { domain: string[]; range: string[] };
}

describe('every figure', () => {
  it('is numbered in report order, with a query, a part and a note', () => {
    assert.equal(FIGURES.length, 17);
    FIGURES.forEach((figure, i) => {
      assert.ok(figure.title.startsWith(`Figure ${i + 1} – `), figure.title);
      assert.match(figure.id, new RegExp(`^fig${String(i + 1).padStart(2, '0')}-`));
      assert.ok(figure.note.length > 40 && figure.section.length > 0, figure.id);
    });
  });

  for (const figure of FIGURES) {
    it(`${figure.id} draws its golden SVG`, async () => {
      const rows = FIGURE_ROWS[figure.id];
      assert.ok(rows, `no rows for ${figure.id}`);
      assertGolden(`${figure.id}.svg`, normalizeSvg(await renderSvg(figure.spec(rows))));
    });

    it(`${figure.id} says so in place of a chart when it has no data`, async () => {
      const svg = await renderSvg(figure.spec([]));
      assert.match(svg, /<text[^>]*>No [^<]+<\/text>/);
      assert.doesNotMatch(svg, /role-axis/);
    });
  }

  it('draws an empty figure as its golden SVG', async () => {
    assertGolden('no-data.svg', normalizeSvg(await renderSvg(byId('fig02-reasons').spec([]))));
  });
});

describe('figure colours', () => {
  it('give results the colours of Figure 1 in Figures 5, 7, 9, 11 and 15', () => {
    const figure1 = colorScale(byId('fig01-overall').spec(FIGURE_ROWS['fig01-overall'] ?? []));
    assert.deepEqual(figure1.range, Object.values(RESULT_COLORS));
    for (const id of ['fig05-software-results', 'fig07-tld-results', 'fig09-europe-results'].concat(
      'fig11-asia-pacific-results',
      'fig15-top-providers',
      'fig14-daily-trend',
    )) {
      assert.deepEqual(colorScale(byId(id).spec(FIGURE_ROWS[id] ?? [])), figure1, id);
    }
  });

  it('give each reasons category one colour in Figures 2, 6, 8, 10 and 12', () => {
    const colors = new Map<string, string>();
    for (const id of ['fig02-reasons', 'fig06-software-reasons', 'fig08-tld-reasons'].concat(
      'fig10-europe-reasons',
      'fig12-asia-pacific-reasons',
    )) {
      const { domain, range } = colorScale(byId(id).spec(FIGURE_ROWS[id] ?? []));
      domain.forEach((category, i) => {
        const color = range[i];
        assert.ok(color);
        assert.equal(colors.get(category) ?? color, color, `${id}: ${category}`);
        colors.set(category, color);
      });
    }
    assert.equal(colors.get('mismatch'), '#0072B2');
    const fig02 = colorScale(byId('fig02-reasons').spec(FIGURE_ROWS['fig02-reasons'] ?? []));
    assert.deepEqual(fig02.domain, [
      'mismatch',
      'untrusted CA, others unknown',
      'self-signed + mismatch',
      'expired + untrusted CA',
      'no certificate',
      'other',
      'unknown',
    ]);
    // A partly known reason is its reason's colour (untrusted CA #E69F00) halfway to white.
    assert.equal(fig02.range[1], '#F3CF80');
  });
});

describe('figure rows', () => {
  it('are refused, naming the figure, row and value, when a column is wrong', () => {
    assert.throws(
      () => byId('fig03-ciphers').spec([{ unit: 'email', category: '', count: 1, share: 1 }]),
      {
        code: 'bad-row',
        message: 'fig03-ciphers: row 1: category is ""; expected text',
      },
    );
    assert.throws(
      () =>
        byId('fig05-software-results').spec([
          { software: 'postfix', result: 'secure', count: 1, share: 1 },
        ]),
      {
        message:
          'fig05-software-results: row 1: result is "secure"; ' +
          'expected one of strict, unverified, opportunistic, failure, none',
      },
    );
  });

  it('give remarks on what the logs could not tell', () => {
    assert.equal(
      byId('fig02-reasons').remark?.(FIGURE_ROWS['fig02-reasons'] ?? []),
      'For 5.0% of the opportunistic email the logs name no failed check; only a log that ' +
        'records every verdict (Exim with OpenSSL, the canonical JSONL format) or a TLS probe ' +
        'of the MX hosts can say more.',
    );
    assert.equal(
      byId('fig05-software-results').remark?.(FIGURE_ROWS['fig05-software-results'] ?? []),
      'The software of 12.5% of the MX hosts is unknown: their replies match no known ' +
        'fingerprint, and no MTA logs the server’s banner.',
    );
    assert.equal(byId('fig06-software-reasons').remark?.([]), null);
  });
});
