import type { TopLevelSpec } from 'vega-lite';

/** One row as a query returns it: column name to value, in the query's column order. */
export type QueryRow = Record<string, unknown>;

/**
 * How one column of a figure's data table is printed. `text` may map stored codes to words
 * (`mx_host` → "MX hosts"); `count` groups thousands; `share` (0..1) prints as a percentage.
 */
export type Column =
  | { kind: 'text'; key: string; label: string; labels?: Readonly<Record<string, string>> }
  | { kind: 'count'; key: string; label: string }
  | { kind: 'share'; key: string; label: string };

/** A figure of the report: one file in `reports/figures/`, listed in its `index.ts`. */
export interface Figure {
  /** Stem of every file the figure writes, so only lower-case letters, digits and hyphens. */
  id: string;
  /** The caption as printed, numbered: "Figure 1 – Overall STARTTLS results". */
  title: string;
  /** One or two sentences on what the figure counts. */
  note: string;
  /** The part of the report the figure belongs to, printed as a heading where a part begins. */
  section: string;
  /**
   * A sentence on what the rows cannot show, worked out from them (the share of unknown
   * reasons, of MX hosts whose software is unknown), or null when there is nothing to say.
   */
  remark?(rows: readonly QueryRow[]): string | null;
  /** The query that returns the figure's rows: `queries/<query>.sql`. */
  query: string;
  /** The data table printed under the figure, column by column. */
  columns: readonly Column[];
  /** The Vega-Lite spec with the rows inlined; throws a ReportError on a row it cannot draw. */
  spec(rows: readonly QueryRow[]): TopLevelSpec;
}
