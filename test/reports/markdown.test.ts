import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fig01Overall } from '../../reports/figures/fig01-overall.js';
import { escapeMarkdown, renderMarkdown } from '../../reports/markdown.js';
import { figureFiles, type ReportContent } from '../../reports/report.js';
import { DOMAIN_ROWS, domainsFigure, HOSTILE } from './domains-figure.js';
import { OVERALL_ROWS } from './overall-rows.js';

const CONTENT: ReportContent = {
  title: 'STARTTLS census',
  headline: ['Of 10,000 emails, 60.0% were strict.', 'Most domains were none.'],
  figures: [
    {
      figure: fig01Overall,
      rows: OVERALL_ROWS.slice(0, 2),
      svg: '<svg/>',
      files: figureFiles(fig01Overall.id),
    },
    {
      figure: domainsFigure,
      rows: DOMAIN_ROWS,
      svg: '<svg/>',
      files: figureFiles('fig99-domains'),
    },
  ],
  methods: ['We read the logs.', '1. Not a list'],
  footer: 'Deliveries from 2024-03-01 to 2024-03-31.',
};

describe('renderMarkdown', () => {
  it('prints the report with image links and tables', () => {
    const markdown = renderMarkdown(CONTENT);
    const figure1 = [
      '## Data and observations',
      '',
      '### Figure 1 – Overall STARTTLS results',
      '',
      '![Figure 1 – Overall STARTTLS results](fig01-overall.png)',
      '',
      escapeMarkdown(fig01Overall.note),
      '',
      '| Unit | Result | Count | Share |',
      '| :--- | :--- | ---: | ---: |',
      '| All email | Strict | 6,000 | 60.0% |',
      '| All email | Unverified | 2,000 | 20.0% |',
      '',
      'Files: [data (CSV)](fig01-overall.csv) · [Vega-Lite spec](fig01-overall.vl.json) · ' +
        '[SVG](fig01-overall.svg)',
    ].join('\n');

    assert.ok(markdown.startsWith('# STARTTLS census\n\n## Headline numbers\n\n'));
    assert.ok(
      markdown.includes('\n\nOf 10,000 emails, 60.0% were strict. Most domains were none.'),
    );
    assert.ok(markdown.includes(figure1));
    assert.ok(markdown.includes('## Methods\n\nWe read the logs.\n\n1\\. Not a list\n\n'));
    assert.ok(markdown.endsWith('---\n\nDeliveries from 2024-03-01 to 2024-03-31.\n'));
  });

  it('escapes data in table cells', () => {
    const markdown = renderMarkdown(CONTENT);
    assert.ok(
      markdown.includes(
        '| \\| \\*bold\\* \\[link\\](javascript:alert(1)) \\<img src=x\\> \\`code\\` \\&amp; ' +
          '| 2 | 20.0% |',
      ),
    );
    assert.ok(markdown.includes('| \\<script\\>alert(1)\\</script\\>.example | 3 | 30.0% |'));
    assert.doesNotMatch(markdown, /(?<!\\)</);
    // Every table row of the domains figure still has exactly four unescaped pipes.
    const rows = markdown
      .split('\n')
      .filter((line) => line.includes('.example') || line.includes('bold'));
    for (const row of rows) assert.equal(row.match(/(?<!\\)\|/g)?.length, 4, row);
  });
});

describe('escapeMarkdown', () => {
  it('escapes inline Markdown and raw HTML', () => {
    assert.equal(
      escapeMarkdown('a_b*c`d[e]f<g>h&i|j~k#l$m\\n'),
      'a\\_b\\*c\\`d\\[e\\]f\\<g\\>h\\&i\\|j\\~k\\#l\\$m\\\\n',
    );
  });

  it('keeps data on one line', () => {
    assert.equal(escapeMarkdown('first\n\n# second\r\n| third'), 'first \\# second \\| third');
  });

  it('escapes what would start a block', () => {
    assert.equal(escapeMarkdown('- item'), '\\- item');
    assert.equal(escapeMarkdown('+ item'), '\\+ item');
    assert.equal(escapeMarkdown('2024. was a year'), '2024\\. was a year');
    assert.equal(escapeMarkdown('3) three'), '3\\) three');
    assert.equal(escapeMarkdown('> quote'), '\\> quote');
    assert.equal(escapeMarkdown('# heading'), '\\# heading');
    assert.equal(escapeMarkdown('2024-03-01 to 2024-03-31'), '2024-03-01 to 2024-03-31');
  });
});
