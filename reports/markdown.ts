import type { RenderedFigure, ReportContent } from './report.js';
import { textTable } from './table.js';

/**
 * The report as `report.md`, with the same content as the HTML: figures link to their PNG files
 * and their rows are Markdown tables. Text is escaped so that data (a domain, a certificate DN)
 * can neither start a Markdown construct nor bring in raw HTML.
 */
export function renderMarkdown(report: ReportContent): string {
  const blocks = [
    `# ${escapeMarkdown(report.title)}`,
    '## Headline numbers',
    escapeMarkdown(report.headline.join(' ')),
    ...report.figures.flatMap((rendered, i) => {
      const section = rendered.figure.section;
      const starts = i === 0 || report.figures[i - 1]?.figure.section !== section;
      return starts
        ? [`## ${escapeMarkdown(section)}`, ...figureMarkdown(rendered)]
        : figureMarkdown(rendered);
    }),
    '## Methods',
    ...report.methods.map(escapeMarkdown),
    '---',
    escapeMarkdown(report.footer),
  ];
  return blocks.join('\n\n') + '\n';
}

function figureMarkdown({ figure, rows, files }: RenderedFigure): string[] {
  const table = textTable(figure.columns, rows);
  const line = (cells: string[]): string => `| ${cells.map(escapeMarkdown).join(' | ')} |`;
  const rule = `| ${table.numeric.map((numeric) => (numeric ? '---:' : ':---')).join(' | ')} |`;

  const remark = figure.remark?.(rows) ?? null;

  return [
    `### ${escapeMarkdown(figure.title)}`,
    `![${escapeMarkdown(figure.title)}](${files.png})`,
    escapeMarkdown(remark === null ? figure.note : `${figure.note} ${remark}`),
    [line(table.header), rule, ...table.body.map(line)].join('\n'),
    `Files: [data (CSV)](${files.csv}) · [Vega-Lite spec](${files.spec}) · [SVG](${files.svg})`,
  ];
}

// Characters that start inline Markdown anywhere: emphasis, code, links, raw HTML and entities,
// table cells, strikethrough, headings' closing hashes and (on GitHub) math.
const INLINE = /[\\`*_[\]<>&|~#$]/g;
// What starts a block at the beginning of a line: a bullet or thematic break (`-`, `+`), or an
// ordered list item (`1. `, `2) `). Cells are safe from these, but one rule for both is simpler.
const BLOCK_START = /^(?:[-+]|\d{1,9}(?=[.)](?:\s|$)))/;

/**
 * Text as one line of literal Markdown: runs of white space (line breaks included) become one
 * space, so data cannot end a paragraph or a table row, and special characters are escaped.
 */
export function escapeMarkdown(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim().replace(INLINE, '\\$&');
  return line.replace(BLOCK_START, (start) => (/\d/.test(start) ? `${start}\\` : `\\${start}`));
}
