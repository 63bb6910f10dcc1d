import { ReportError } from './errors.js';
import type { RenderedFigure, ReportContent } from './report.js';
import { scopeSvgIds, unsafeSvgReason } from './inline-svg.js';
import { textTable } from './table.js';

/**
 * The report as one self-contained `index.html`: styles inline, figures as inline SVG, no
 * scripts, fonts or network requests (the content security policy forbids them as well).
 * Every string that came from data or from the caller is escaped; only the figures' SVG is
 * inlined as markup, after a check that it is a plain picture.
 */
export function renderHtml(report: ReportContent): string {
  const body = [
    `<header><h1>${escapeHtml(report.title)}</h1></header>`,
    '<section id="headline">',
    '<h2>Headline numbers</h2>',
    `<p>${escapeHtml(report.headline.join(' '))}</p>`,
    '</section>',
    contentsHtml(report.figures),
    ...report.figures.flatMap((rendered, i) => {
      const section = rendered.figure.section;
      const starts = i === 0 || report.figures[i - 1]?.figure.section !== section;
      return starts
        ? [`<h2 class="part">${escapeHtml(section)}</h2>`, figureHtml(rendered)]
        : [figureHtml(rendered)];
    }),
    '<section id="methods">',
    '<h2>Methods</h2>',
    ...report.methods.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`),
    '</section>',
    `<footer><p>${escapeHtml(report.footer)}</p></footer>`,
  ];

  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">`,
    `<title>${escapeHtml(report.title)}</title>`,
    `<style>\n${STYLE}</style>`,
    '</head>',
    '<body>',
    '<main>',
    ...body,
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function figureHtml({ figure, rows, svg, files }: RenderedFigure): string {
  const reason = unsafeSvgReason(svg);
  if (reason !== null) {
    throw new ReportError('unsafe-svg', `${figure.id}: SVG not inlined because ${reason}`);
  }
  const table = textTable(figure.columns, rows);
  const cellClass = (index: number): string => (table.numeric[index] ? ' class="number"' : '');
  const remark = figure.remark?.(rows) ?? null;

  return [
    `<section class="figure" id="${escapeHtml(figure.id)}">`,
    `<h3>${escapeHtml(figure.title)}</h3>`,
    '<figure>',
    `<div class="chart">${scopeSvgIds(svg, figure.id)}</div>`,
    `<figcaption>${escapeHtml(figure.note)}` +
      (remark === null ? '' : ` <span class="remark">${escapeHtml(remark)}</span>`) +
      '</figcaption>',
    '</figure>',
    '<details>',
    `<summary>Data (${rows.length.toLocaleString('en-US')} rows)</summary>`,
    '<table>',
    `<caption>Data of ${escapeHtml(figure.title)}</caption>`,
    '<thead><tr>',
    ...table.header.map((text, i) => `<th scope="col"${cellClass(i)}>${escapeHtml(text)}</th>`),
    '</tr></thead>',
    '<tbody>',
    ...table.body.map((cells) => {
      const tds = cells.map((text, i) => `<td${cellClass(i)}>${escapeHtml(text)}</td>`);
      return `<tr>${tds.join('')}</tr>`;
    }),
    '</tbody>',
    '</table>',
    '</details>',
    '<p class="files">Files: ' +
      [
        link(files.csv, 'data (CSV)'),
        link(files.spec, 'Vega-Lite spec'),
        link(files.svg, 'SVG'),
        link(files.png, 'PNG'),
      ].join(' · ') +
      '</p>',
    '</section>',
  ].join('\n');
}

/** Links to every figure, under the part it belongs to. */
function contentsHtml(figures: readonly RenderedFigure[]): string {
  const items = figures.map(
    ({ figure }) => `<li><a href="#${escapeHtml(figure.id)}">${escapeHtml(figure.title)}</a></li>`,
  );
  return ['<nav id="contents">', '<h2>Figures</h2>', '<ol>', ...items, '</ol>', '</nav>'].join(
    '\n',
  );
}

function link(href: string, text: string): string {
  return `<a href="${escapeHtml(href)}">${escapeHtml(text)}</a>`;
}

/** Text as HTML text or a double- or single-quoted attribute value. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

// Nothing may be fetched; inline styles only (the SVG carries style attributes too).
const CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

const STYLE = `body { margin: 0; color: #1a1a1a; background: #fff;
  font: 17px/1.55 Georgia, 'DejaVu Serif', serif; }
main { max-width: 46rem; margin: 0 auto; padding: 2rem 1.25rem 3rem; }
h1 { font-size: 2rem; line-height: 1.2; margin: 0 0 1.5rem; }
h2 { font-size: 1.3rem; margin: 2.5rem 0 0.75rem; }
h3 { font-size: 1.1rem; margin: 2rem 0 0.75rem; }
nav ol { padding-left: 1.25rem; font-size: 0.95rem; }
.remark { color: #7a4a00; }
details { margin: 0.75rem 0 0.25rem; font-size: 0.9rem; }
summary { cursor: pointer; color: #444; }
figure { margin: 0; }
.chart svg { display: block; max-width: 100%; height: auto; }
figcaption { margin-top: 0.5rem; font-size: 0.95rem; color: #444; }
table { border-collapse: collapse; margin: 1rem 0 0.5rem; font: 14px/1.4 'DejaVu Sans', sans-serif; }
caption { text-align: left; font-weight: bold; padding-bottom: 0.4rem; }
th, td { padding: 0.2rem 0.75rem 0.2rem 0; border-bottom: 1px solid #ddd; text-align: left; }
th { border-bottom: 2px solid #999; }
.number { text-align: right; font-variant-numeric: tabular-nums; }
.files { font-size: 0.85rem; color: #555; }
footer { margin-top: 3rem; padding-top: 1rem; border-top: 1px solid #ccc; font-size: 0.85rem;
  color: #555; }
`;
