import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../pipeline/write/atomic.js';
import { toCsv } from './csv.js';
import { ReportError } from './errors.js';
import type { Figure, QueryRow } from './figure.js';
import { renderHtml } from './html.js';
import { renderMarkdown } from './markdown.js';
import { renderPng, renderSvg } from './render.js';
import { figureFiles, type RenderedFigure, type ReportContent } from './report.js';

export const DEFAULT_TITLE = 'How much outbound email travels encrypted: a STARTTLS census';

export interface WriteReportOptions {
  outDir: string;
  figures: { figure: Figure; rows: QueryRow[] }[];
  /** Sentences of the "Headline numbers" paragraph. */
  headline: string[];
  /** Paragraphs of the methods section. */
  methods: string[];
  /** Printed at the foot of the report: date range and how it was made (never the clock's). */
  footer: string;
  title?: string;
}

/**
 * Writes the report into `outDir`: for each figure `<id>.svg`, `<id>.png`, `<id>.vl.json` and
 * `<id>.csv`, then `index.html` and `report.md`. Returns the paths written, in that order.
 *
 * Every figure is rendered before the first file is written, so a bad row or spec leaves the
 * previous report untouched rather than half replaced.
 */
export async function writeReport(options: WriteReportOptions): Promise<{ files: string[] }> {
  // 1. Render every figure in memory.
  const outputs: { name: string; data: string | Uint8Array }[] = [];
  const rendered: RenderedFigure[] = [];
  const seen = new Set<string>();
  for (const { figure, rows } of options.figures) {
    const files = figureFiles(figure.id);
    if (seen.has(figure.id)) {
      throw new ReportError('duplicate-figure-id', `figure id ${figure.id} appears twice`);
    }
    seen.add(figure.id);

    const spec = figure.spec(rows);
    const svg = await renderSvg(spec);
    outputs.push(
      { name: files.svg, data: svg },
      { name: files.png, data: renderPng(svg) },
      { name: files.spec, data: JSON.stringify(spec, null, 2) + '\n' },
      { name: files.csv, data: toCsv(rows) },
    );
    rendered.push({ figure, rows, svg, files });
  }

  // 2. The report pages, around the rendered figures.
  const content: ReportContent = {
    title: options.title ?? DEFAULT_TITLE,
    headline: options.headline,
    figures: rendered,
    methods: options.methods,
    footer: options.footer,
  };
  outputs.push(
    { name: 'index.html', data: renderHtml(content) },
    { name: 'report.md', data: renderMarkdown(content) },
  );

  // 3. Write, each file atomically.
  await mkdir(options.outDir, { recursive: true });
  const files: string[] = [];
  for (const { name, data } of outputs) {
    const path = join(options.outDir, name);
    await writeFileAtomic(path, data);
    files.push(path);
  }
  return { files };
}
