import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { ReportError } from './errors.js';
import { FONT } from './theme.js';

/**
 * Spec → SVG → PNG, headless. The same spec gives the same bytes on every machine:
 * 1. Vega-Lite compiles the spec; any warning fails the figure (it means a wrong encoding).
 * 2. Vega renders it with renderer `none` and serializes SVG; text widths are estimated, never
 *    measured, and SVG def ids start again from 1 for each figure.
 * 3. resvg rasterizes the SVG at twice its size with the theme font.
 */

const PNG_SCALE = 2;

// vega-typings omit textMetrics. Measuring needs the optional `canvas` package, and whether it
// happens to be installed must not change the layout, so widths are always estimated.
const scenegraph = vega as unknown as { textMetrics: { canvas(use: boolean): void } };
scenegraph.textMetrics.canvas(false);

export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const warnings: string[] = [];
  const logger = collectingLogger(warnings);

  const vegaSpec = compile(spec, { logger }).spec;
  const view = new vega.View(vega.parse(vegaSpec), { renderer: 'none', logger });
  try {
    vega.resetSVGDefIds();
    const svg = await view.toSVG();
    if (warnings.length > 0) {
      const what = spec.description ?? 'a figure';
      throw new ReportError('render-warning', `${what}: ${warnings.join('; ')}`);
    }
    return svg;
  } finally {
    view.finalize();
  }
}

export function renderPng(svg: string): Uint8Array {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: PNG_SCALE },
    font: { loadSystemFonts: true, defaultFontFamily: FONT, sansSerifFamily: FONT },
  });
  return resvg.render().asPng();
}

/** A Vega logger that keeps warnings and errors instead of printing them to the console. */
function collectingLogger(messages: string[]): vega.LoggerInterface {
  let level = vega.Warn;
  const keep = (args: unknown[]): void => {
    messages.push(args.map(String).join(' '));
  };
  const logger: vega.LoggerInterface = {
    level(value?: number) {
      if (value === undefined) return level;
      level = value;
      return logger;
    },
    error(...args: unknown[]) {
      keep(args);
      return logger;
    },
    warn(...args: unknown[]) {
      keep(args);
      return logger;
    },
    info: () => logger,
    debug: () => logger,
  };
  return logger;
}
