import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fig01Overall } from '../../reports/figures/fig01-overall.js';
import { renderPng, renderSvg } from '../../reports/render.js';
import { assertGolden, normalizeSvg } from './golden.js';
import { OVERALL_ROWS } from './overall-rows.js';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

describe('renderSvg', () => {
  it('draws Figure 1 as its golden file', async () => {
    const svg = await renderSvg(fig01Overall.spec(OVERALL_ROWS));
    assertGolden('fig01-overall.svg', normalizeSvg(svg));
  });

  it('draws the labels, percentages and legend of Figure 1', async () => {
    const svg = await renderSvg(fig01Overall.spec(OVERALL_ROWS));
    for (const text of ['All email', 'Domains', 'MX hosts', 'IP addresses', 'STARTTLS result']) {
      assert.ok(svg.includes(`>${text}</text>`), text);
    }
    for (const text of ['Strict', 'Unverified', 'Opportunistic', 'Failure', 'None']) {
      assert.ok(svg.includes(`>${text}</text>`), text);
    }
    // 60 % is labelled; 2 % (failed email) is too narrow to be.
    assert.ok(svg.includes('>60.0%</text>'));
    assert.ok(!svg.includes('>2.0%</text>'));
    assert.ok(svg.includes('font-family="DejaVu Sans"'));
  });

  it('gives the same bytes for the same rows', async () => {
    const first = await renderSvg(fig01Overall.spec(OVERALL_ROWS));
    const second = await renderSvg(fig01Overall.spec(OVERALL_ROWS));
    assert.equal(first, second);
  });

  it('fails on a spec Vega-Lite warns about', async () => {
    await assert.rejects(
      renderSvg({
        description: 'test figure',
        data: { values: [{ a: 1 }] },
        mark: 'bar',
        encoding: { x: { field: 'a', type: 'quantitative', aggregate: 'no-such' as 'sum' } },
      }),
      { name: 'ReportError', code: 'render-warning', message: /^test figure: / },
    );
  });
});

describe('renderPng', () => {
  it('rasterizes at twice the size of the SVG', async () => {
    const svg = await renderSvg(fig01Overall.spec(OVERALL_ROWS));
    const png = renderPng(svg);

    assert.deepEqual([...png.subarray(0, 8)], PNG_SIGNATURE);
    const header = new DataView(png.buffer, png.byteOffset + 16, 8);
    const width = Number(/^<svg[^>]* width="(\d+)"/.exec(svg)?.[1]);
    const height = Number(/^<svg[^>]* height="(\d+)"/.exec(svg)?.[1]);
    assert.deepEqual([header.getUint32(0), header.getUint32(4)], [width * 2, height * 2]);
  });
});
