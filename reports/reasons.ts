/**
 * Colours and order of the reasons categories (queries/fig02-reasons.sql names them), the same in
 * every reasons figure: each combination of failed checks has its colour, a lighter one when the
 * log did not make the other checks (", others unknown"), greys for what is not a reason.
 */

const COMBINATIONS: readonly [string, string][] = [
  ['mismatch', '#0072B2'],
  ['self-signed', '#CC79A7'],
  ['untrusted CA', '#E69F00'],
  ['expired', '#F0E442'],
  ['self-signed + mismatch', '#882255'],
  ['untrusted CA + mismatch', '#44AA99'],
  ['expired + mismatch', '#117733'],
  ['self-signed + expired', '#AA4499'],
  ['expired + untrusted CA', '#999933'],
  ['self-signed + untrusted CA', '#DDCC77'],
  ['self-signed + expired + mismatch', '#332288'],
  ['self-signed + untrusted CA + mismatch', '#88CCEE'],
  ['expired + untrusted CA + mismatch', '#661100'],
  ['self-signed + expired + untrusted CA', '#6699CC'],
  ['self-signed + expired + untrusted CA + mismatch', '#AA3377'],
];

const PARTIAL = ', others unknown';

const NOT_REASONS: readonly [string, string][] = [
  ['no certificate', '#666666'],
  ['other', '#DDDDDD'],
  ['unknown', '#BBBBBB'],
];

/** Every category a reasons query can return, in legend order. */
const ORDER: readonly string[] = [
  ...COMBINATIONS.flatMap(([name]) => [name, name + PARTIAL]),
  ...NOT_REASONS.map(([name]) => name),
];

const COLORS: ReadonlyMap<string, string> = new Map([
  ...COMBINATIONS.flatMap(([name, color]): [string, string][] => [
    [name, color],
    [name + PARTIAL, lighten(color)],
  ]),
  ...NOT_REASONS,
]);

/** The categories in legend order; one the vocabulary does not know goes last, in grey. */
export function reasonOrder(categories: Iterable<string>): string[] {
  const rank = (category: string): number => {
    const index = ORDER.indexOf(category);
    return index < 0 ? ORDER.length : index;
  };
  return [...new Set(categories)].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : 1));
}

export function reasonColor(category: string): string {
  return COLORS.get(category) ?? '#888888';
}

/** Halfway to white: the same hue, visibly less certain. */
function lighten(hex: string): string {
  const channel = (offset: number): string => {
    const value = Number.parseInt(hex.slice(offset, offset + 2), 16);
    return Math.round(value + (255 - value) * 0.5)
      .toString(16)
      .padStart(2, '0');
  };
  return `#${channel(1)}${channel(3)}${channel(5)}`.toUpperCase();
}
