import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fig01Overall } from '../../reports/figures/fig01-overall.js';
import { FIGURES } from '../../reports/figures/index.js';
import { at } from './json-path.js';
import { OVERALL_ROWS } from './overall-rows.js';

/** The spec as plain JSON, read the way a publisher reads the `.vl.json`. */
function specJson(rows: Record<string, unknown>[]): unknown {
  return JSON.parse(JSON.stringify(fig01Overall.spec(rows)));
}

describe('Figure 1 (overall results)', () => {
  it('is registered first, with its caption and query', () => {
    assert.equal(FIGURES[0], fig01Overall);
    assert.equal(fig01Overall.id, 'fig01-overall');
    assert.equal(fig01Overall.title, 'Figure 1 – Overall STARTTLS results');
    assert.equal(fig01Overall.query, 'fig01-overall');
  });

  it('inlines the rows unchanged as its data', () => {
    const values = at(specJson(OVERALL_ROWS), 'data', 'values');
    assert.deepEqual(values, OVERALL_ROWS);
    assert.deepEqual(at(values, 0), { unit: 'email', result: 'strict', count: 6000, share: 0.6 });
    assert.deepEqual(at(values, 19), { unit: 'ip', result: 'none', count: 10, share: 0.1 });
  });

  it('stacks shares to 100 % per unit, units in report order', () => {
    const spec = specJson(OVERALL_ROWS);
    assert.equal(at(spec, 'encoding', 'y', 'field'), 'unitLabel');
    assert.deepEqual(at(spec, 'encoding', 'y', 'sort'), [
      'All email',
      'Domains',
      'MX hosts',
      'IP addresses',
    ]);
    assert.deepEqual(at(spec, 'encoding', 'order'), { field: 'resultOrder', type: 'quantitative' });

    const bars = at(spec, 'layer', 0);
    assert.equal(at(bars, 'mark', 'type'), 'bar');
    assert.equal(at(bars, 'encoding', 'x', 'field'), 'share');
    assert.equal(at(bars, 'encoding', 'x', 'stack'), 'normalize');
    assert.equal(at(bars, 'encoding', 'color', 'field'), 'resultLabel');
    assert.deepEqual(at(bars, 'encoding', 'color', 'scale'), {
      domain: ['Strict', 'Unverified', 'Opportunistic', 'Failure', 'None'],
      range: ['#009E73', '#56B4E9', '#E69F00', '#D55E00', '#999999'],
    });

    const labels = at(spec, 'layer', 1);
    assert.equal(at(labels, 'mark', 'type'), 'text');
    assert.equal(at(labels, 'encoding', 'x', 'stack'), 'normalize');
    assert.equal(at(labels, 'encoding', 'x', 'bandPosition'), 0.5);
    assert.deepEqual(at(labels, 'encoding', 'text'), {
      condition: { test: 'datum.share >= 0.07', field: 'share', format: '.1%' },
      value: '',
    });
  });

  it('computes labels and stacking order in the spec', () => {
    assert.deepEqual(at(specJson(OVERALL_ROWS), 'transform'), [
      {
        calculate:
          '{"email":"All email","domain":"Domains","mx_host":"MX hosts","ip":"IP addresses"}' +
          '[datum.unit]',
        as: 'unitLabel',
      },
      {
        calculate:
          '{"strict":"Strict","unverified":"Unverified","opportunistic":"Opportunistic",' +
          '"failure":"Failure","none":"None"}[datum.result]',
        as: 'resultLabel',
      },
      {
        calculate:
          'indexof(["strict","unverified","opportunistic","failure","none"], datum.result)',
        as: 'resultOrder',
      },
    ]);
  });

  it('fixes the font to one that is installed', () => {
    assert.equal(at(specJson(OVERALL_ROWS), 'config', 'font'), 'DejaVu Sans');
  });

  it('accepts counts as DuckDB returns them (bigint)', () => {
    const spec = specJson([{ unit: 'ip', result: 'none', count: 10n, share: 1 }]);
    assert.deepEqual(at(spec, 'data', 'values'), [
      { unit: 'ip', result: 'none', count: 10, share: 1 },
    ]);
  });

  it('refuses a row it cannot draw, naming the row and the value', () => {
    const rows = [
      ...OVERALL_ROWS.slice(0, 2),
      { unit: 'mx', result: 'strict', count: 1, share: 1 },
    ];
    assert.throws(() => fig01Overall.spec(rows), {
      name: 'ReportError',
      code: 'bad-row',
      message: 'fig01-overall: row 3: unit is "mx"; expected one of email, domain, mx_host, ip',
    });
    assert.throws(() => fig01Overall.spec([{ unit: 'ip', result: 'none', count: 1, share: 1.5 }]), {
      message: 'fig01-overall: row 1: share is 1.5; expected a share from 0 to 1',
    });
    assert.throws(() => fig01Overall.spec([{ unit: 'ip', result: 'none', share: 1 }]), {
      message: 'fig01-overall: row 1: count is missing; expected a count (0 or more)',
    });
  });
});
