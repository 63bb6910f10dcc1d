import type { Config } from 'vega-lite';

/**
 * Looks shared by every figure. The font is one that is installed wherever the report is built
 * (DejaVu), so the PNG does not change with the machine's default sans-serif.
 */
export const FONT = 'DejaVu Sans';

export const THEME: Config = {
  font: FONT,
  background: 'white',
  padding: 8,
  view: { stroke: null },
  axis: { labelFontSize: 12, titleFontSize: 12, titleFontWeight: 'normal', labelColor: '#222' },
  legend: { labelFontSize: 12, titleFontSize: 12, titleFontWeight: 'normal' },
  text: { fontSize: 11, color: '#000' },
};
