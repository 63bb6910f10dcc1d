/**
 * Why a report could not be made. Every message names the figure or file and the offending
 * value, so the CLI can print it as is; `code` lets it choose an exit code.
 */
export type ReportProblem =
  | 'bad-row' // a query row that is not what the figure expects
  | 'bad-figure-id' // an id that cannot be a file name in the output folder
  | 'duplicate-figure-id' // two figures would write the same files
  | 'render-warning' // Vega-Lite or Vega warned about a spec, which means the figure is wrong
  | 'unsafe-svg'; // an SVG that could run code or load something if inlined in the HTML

export class ReportError extends Error {
  constructor(
    readonly code: ReportProblem,
    message: string,
  ) {
    super(message);
    this.name = 'ReportError';
  }
}
