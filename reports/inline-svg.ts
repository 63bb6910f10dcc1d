/**
 * Preparing a figure's SVG to sit inline in the HTML report, beside the other figures.
 *
 * Safety: Vega escapes text and attribute values, so data cannot add elements; but a spec can
 * ask for links (the `href` channel) whose targets come from data, and a future figure might.
 * Elements that run code or embed other documents, event-handler attributes and `javascript:`
 * targets are refused.
 *
 * Ids: every figure's SVG numbers its clip paths and gradients from 1, so in one page they
 * would collide and one figure would clip another; each gets the figure's id as a prefix.
 */

const TAG = /<([A-Za-z][\w:.-]*)([^>]*)>/g;
const ATTRIBUTE = /\s([^\s=/>]+)\s*=\s*"([^"]*)"/g;
const FORBIDDEN_ELEMENTS = new Set(['script', 'foreignobject', 'iframe', 'object', 'embed']);
const LINK_ATTRIBUTES = new Set(['href', 'xlink:href', 'src']);

/** Returns why the SVG is unsafe to inline, or null when it is a plain picture. */
export function unsafeSvgReason(svg: string): string | null {
  if (!svg.startsWith('<svg')) return 'it does not start with <svg';

  for (const [, element = '', attributes = ''] of svg.matchAll(TAG)) {
    if (FORBIDDEN_ELEMENTS.has(element.toLowerCase())) return `it has a <${element}> element`;

    for (const [, name = '', value = ''] of attributes.matchAll(ATTRIBUTE)) {
      const lower = name.toLowerCase();
      if (lower.startsWith('on')) return `<${element}> has an event handler ${name}`;
      if (LINK_ATTRIBUTES.has(lower) && !isInertLink(value)) {
        return `<${element}> links to ${JSON.stringify(value.slice(0, 60))}`;
      }
    }
  }
  return null;
}

/** The SVG with its ids, and references to them, prefixed by `prefix-`. */
export function scopeSvgIds(svg: string, prefix: string): string {
  return svg.replace(TAG, (tag: string) =>
    tag
      .replace(/(\sid=")/g, `$1${prefix}-`)
      .replace(/(url\(#)/g, `$1${prefix}-`)
      .replace(/(\s(?:xlink:)?href="#)/g, `$1${prefix}-`),
  );
}

/** Fragment links and http(s) links only; entities are decoded first (`&#106;avascript:`). */
function isInertLink(escaped: string): boolean {
  const target = decodeEntities(escaped)
    .replace(/[\u0000-\u0020]/g, '')
    .toLowerCase();
  return target.startsWith('#') || target.startsWith('https://') || target.startsWith('http://');
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, body: string) => {
    const lower = body.toLowerCase();
    if (lower.startsWith('#')) {
      const codePoint = lower.startsWith('#x')
        ? Number.parseInt(lower.slice(2), 16)
        : Number.parseInt(lower.slice(1), 10);
      return codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : '';
    }
    return Object.hasOwn(NAMED, lower) ? (NAMED[lower] ?? entity) : entity;
  });
}

const NAMED: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  colon: ':',
  tab: '\t',
  newline: '\n',
};
