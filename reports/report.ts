import { ReportError } from './errors.js';
import type { Figure, QueryRow } from './figure.js';

/** Everything the HTML and Markdown renderings print; they differ only in markup. */
export interface ReportContent {
  title: string;
  /** Sentences of the "Headline numbers" paragraph, with the numbers already in them. */
  headline: readonly string[];
  figures: readonly RenderedFigure[];
  /** Paragraphs of the methods section. */
  methods: readonly string[];
  /** Date range and generation facts, as the caller wants them printed. */
  footer: string;
}

export interface RenderedFigure {
  figure: Figure;
  rows: readonly QueryRow[];
  svg: string;
  /** Names of the figure's files beside the report, for links. */
  files: FigureFiles;
}

export interface FigureFiles {
  svg: string;
  png: string;
  spec: string;
  csv: string;
}

const FIGURE_ID = /^[a-z0-9-]+$/;

/**
 * The file names of a figure. The id is checked here, where it becomes a path: anything but
 * lower-case letters, digits and hyphens could leave the output folder or break a link.
 */
export function figureFiles(id: string): FigureFiles {
  if (!FIGURE_ID.test(id)) {
    throw new ReportError(
      'bad-figure-id',
      `figure id ${JSON.stringify(id)} is not a file name: use only a-z, 0-9 and -`,
    );
  }
  return { svg: `${id}.svg`, png: `${id}.png`, spec: `${id}.vl.json`, csv: `${id}.csv` };
}
