import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { fig01Overall } from '../../reports/figures/fig01-overall.js';
import { escapeHtml, renderHtml } from '../../reports/html.js';
import { renderSvg } from '../../reports/render.js';
import { figureFiles, type ReportContent } from '../../reports/report.js';
import { DOMAIN_ROWS, domainsFigure, HOSTILE } from './domains-figure.js';
import { OVERALL_ROWS } from './overall-rows.js';

/** Every attribute name of every tag in the page. */
function attributeNames(html: string): string[] {
  const names: string[] = [];
  for (const [tag] of html.matchAll(/<[A-Za-z][^>]*>/g)) {
    for (const [, name = ''] of tag.matchAll(/\s([^\s=/>]+)="[^"]*"/g)) names.push(name);
  }
  return names;
}

describe('renderHtml', () => {
  let html = '';

  before(async () => {
    const content: ReportContent = {
      title: `Census ${HOSTILE.script}`,
      headline: ['Of 10,000 emails, 60.0% were strict.', `Top domain: ${HOSTILE.attribute}`],
      figures: [
        {
          figure: fig01Overall,
          rows: OVERALL_ROWS,
          svg: await renderSvg(fig01Overall.spec(OVERALL_ROWS)),
          files: figureFiles(fig01Overall.id),
        },
        {
          figure: domainsFigure,
          rows: DOMAIN_ROWS,
          svg: await renderSvg(domainsFigure.spec(DOMAIN_ROWS)),
          files: figureFiles(domainsFigure.id),
        },
      ],
      methods: [`Logs of ${HOSTILE.script}`, 'Second paragraph.'],
      footer: `Deliveries from 2024-03-01 to 2024-03-31 ${HOSTILE.attribute}`,
    };
    html = renderHtml(content);
  });

  it('lets no script from data survive', () => {
    assert.doesNotMatch(html, /<script/i);
    assert.doesNotMatch(html, /<img/i);
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;.example'));
  });

  it('lets no data open an attribute', () => {
    const handlers = attributeNames(html).filter((name) => /^on/i.test(name));
    assert.deepEqual(handlers, []);
    assert.ok(html.includes('&quot;onmouseover=alert(1) x=&quot;.example'));
  });

  it('is self-contained: no scripts, no external resources', () => {
    assert.ok(!attributeNames(html).includes('src'));
    assert.doesNotMatch(html, /<link\b/i);
    const hrefs = [...html.matchAll(/ href="([^"]*)"/g)].map(([, href]) => href);
    assert.deepEqual(
      new Set(hrefs),
      new Set(
        Object.values(figureFiles('fig01-overall')).concat(
          Object.values(figureFiles('fig99-domains')),
          ['#fig01-overall', '#fig99-domains'],
        ),
      ),
    );
    assert.doesNotMatch(html, /url\(/i);
    assert.ok(
      html.includes("content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\""),
    );
  });

  it('prints title, headline, methods and footer as passed', () => {
    assert.ok(html.includes('<h1>Census &lt;script&gt;alert(1)&lt;/script&gt;.example</h1>'));
    assert.ok(html.includes('<h2>Headline numbers</h2>\n<p>Of 10,000 emails, 60.0% were strict.'));
    assert.ok(html.includes('<h2>Methods</h2>\n<p>Logs of &lt;script&gt;'));
    assert.ok(html.includes('<p>Second paragraph.</p>'));
    assert.ok(html.includes('<footer><p>Deliveries from 2024-03-01 to 2024-03-31 &quot;'));
  });

  it('prints each figure under its part, with caption, note, inline SVG and data table', () => {
    assert.ok(
      html.includes(
        '<h2 class="part">Data and observations</h2>\n<section class="figure" id="fig01-overall">' +
          '\n<h3>Figure 1 – Overall STARTTLS results</h3>',
      ),
    );
    assert.ok(html.includes('<h2 class="part">Test section</h2>'));
    assert.ok(
      html.includes('<li><a href="#fig01-overall">Figure 1 – Overall STARTTLS results</a>'),
    );
    assert.ok(html.includes('<details>\n<summary>Data (20 rows)</summary>\n<table>'));
    assert.ok(html.includes(`<figcaption>${escapeHtml(fig01Overall.note)}</figcaption>`));
    assert.equal(html.match(/<div class="chart"><svg /g)?.length, 2);
    assert.ok(
      html.includes(
        '<tr><td>All email</td><td>Strict</td>' +
          '<td class="number">6,000</td><td class="number">60.0%</td></tr>',
      ),
    );
    assert.ok(
      html.includes(
        '<tr><td>IP addresses</td><td>None</td>' +
          '<td class="number">10</td><td class="number">10.0%</td></tr>',
      ),
    );
    assert.ok(html.includes('<a href="fig01-overall.csv">data (CSV)</a>'));
  });

  it('refuses an SVG that could run code', () => {
    const content: ReportContent = {
      title: 't',
      headline: [],
      figures: [
        {
          figure: domainsFigure,
          rows: [],
          svg: '<svg><a href="javascript:alert(1)"><rect/></a></svg>',
          files: figureFiles(domainsFigure.id),
        },
      ],
      methods: [],
      footer: '',
    };
    assert.throws(() => renderHtml(content), {
      code: 'unsafe-svg',
      message: 'fig99-domains: SVG not inlined because <a> links to "javascript:alert(1)"',
    });
  });
});

describe('escapeHtml', () => {
  it('escapes the five characters of HTML markup', () => {
    assert.equal(
      escapeHtml(`<a href="x" title='y'>&</a>`),
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });
});
