import fc from 'fast-check';
import { anyText, hostile, hostileNumber } from './arbitraries.js';

/**
 * An edit of a log: plain data, so that a failing case prints what was done. Positions and
 * line indices are taken modulo the lengths they index.
 */
export type Mutation =
  | { op: 'delete'; line: number; at: number; length: number }
  | { op: 'insert'; line: number; at: number; text: string }
  | { op: 'replace'; line: number; at: number; length: number; text: string }
  | { op: 'truncate'; line: number; at: number }
  | { op: 'duplicate-field'; line: number; field: number }
  | { op: 'swap-fields'; line: number; field: number; other: number }
  | { op: 'splice'; line: number; other: number; at: number; otherAt: number }
  | { op: 'number'; line: number; which: number; text: string }
  | { op: 'address'; line: number; which: number; text: string }
  | { op: 'duplicate-line'; line: number }
  | { op: 'delete-line'; line: number }
  | { op: 'swap-lines'; line: number; other: number }
  | { op: 'json'; line: number; which: number; value: unknown };

const n = fc.nat({ max: 10_000 });
const text = fc.oneof(hostile, anyText(24), hostileNumber);

/** Values that break code trusting a JSON field's type or range. */
const hostileJson = fc.oneof(
  fc.constantFrom(
    1e308,
    -1e308,
    2 ** 53 + 2,
    -1,
    0,
    -0,
    1e21,
    0.5,
    null,
    true,
    '',
    [],
    {},
    [[[[[]]]]],
    { name: null, addr: 42 },
  ),
  hostile,
  anyText(24),
  fc.jsonValue({ maxDepth: 2 }),
);

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    op: fc.constant('delete' as const),
    line: n,
    at: n,
    length: fc.integer({ min: 1, max: 40 }),
  }),
  fc.record({ op: fc.constant('insert' as const), line: n, at: n, text }),
  fc.record({
    op: fc.constant('replace' as const),
    line: n,
    at: n,
    length: fc.integer({ min: 1, max: 40 }),
    text,
  }),
  fc.record({ op: fc.constant('truncate' as const), line: n, at: n }),
  fc.record({ op: fc.constant('duplicate-field' as const), line: n, field: n }),
  fc.record({ op: fc.constant('swap-fields' as const), line: n, field: n, other: n }),
  fc.record({ op: fc.constant('splice' as const), line: n, other: n, at: n, otherAt: n }),
  fc.record({ op: fc.constant('number' as const), line: n, which: n, text: hostileNumber }),
  fc.record({
    op: fc.constant('address' as const),
    line: n,
    which: n,
    text: fc.oneof(hostile, fc.constantFrom('<script>@example.org', 'a@b@c', '@', 'x@[\u001b]')),
  }),
  fc.record({ op: fc.constant('duplicate-line' as const), line: n }),
  fc.record({ op: fc.constant('delete-line' as const), line: n }),
  fc.record({ op: fc.constant('swap-lines' as const), line: n, other: n }),
  fc.record({ op: fc.constant('json' as const), line: n, which: n, value: hostileJson }),
);

/** `lines` with every mutation applied in turn. */
export function mutate(lines: readonly string[], mutations: readonly Mutation[]): string[] {
  const out = [...lines];
  for (const m of mutations) apply(out, m);
  return out;
}

function apply(lines: string[], m: Mutation): void {
  if (lines.length === 0) return;
  const i = m.line % lines.length;
  const line = lines[i] ?? '';
  const at = (pos: number, of = line) => pos % (of.length + 1);
  switch (m.op) {
    case 'delete': {
      const from = at(m.at);
      lines[i] = line.slice(0, from) + line.slice(from + m.length);
      return;
    }
    case 'insert': {
      const from = at(m.at);
      lines[i] = line.slice(0, from) + m.text + line.slice(from);
      return;
    }
    case 'replace': {
      const from = at(m.at);
      lines[i] = line.slice(0, from) + m.text + line.slice(from + m.length);
      return;
    }
    case 'truncate':
      lines[i] = line.slice(0, at(m.at));
      return;
    case 'duplicate-field':
    case 'swap-fields': {
      const separator = line.includes(', ') ? ', ' : ' ';
      const fields = line.split(separator);
      const f = m.field % fields.length;
      if (m.op === 'duplicate-field') {
        fields.splice(f, 0, fields[f] ?? '');
      } else {
        const g = m.other % fields.length;
        [fields[f], fields[g]] = [fields[g] ?? '', fields[f] ?? ''];
      }
      lines[i] = fields.join(separator);
      return;
    }
    case 'splice': {
      const other = lines[m.other % lines.length] ?? '';
      lines[i] = line.slice(0, at(m.at)) + other.slice(at(m.otherAt, other));
      return;
    }
    case 'number':
      lines[i] = replaceMatch(line, /\d+/g, m.which, m.text);
      return;
    case 'address':
      lines[i] = replaceMatch(line, /[^\s<>,"]+@[^\s<>,"]+/g, m.which, m.text);
      return;
    case 'duplicate-line':
      lines.splice(i, 0, line);
      return;
    case 'delete-line':
      lines.splice(i, 1);
      return;
    case 'swap-lines': {
      const j = m.other % lines.length;
      [lines[i], lines[j]] = [lines[j] ?? '', line];
      return;
    }
    case 'json':
      lines[i] = replaceJsonValue(line, m.which, m.value);
      return;
  }
}

/** `text` with its `which`-th match of `pattern` (modulo their number) replaced. */
function replaceMatch(text: string, pattern: RegExp, which: number, replacement: string): string {
  const matches = [...text.matchAll(pattern)];
  if (matches.length === 0) return text;
  const match = matches[which % matches.length];
  if (match?.index === undefined) return text;
  return text.slice(0, match.index) + replacement + text.slice(match.index + match[0].length);
}

/**
 * A JSON line with one of its values (in document order, nested ones included) replaced, or
 * its member removed when `value` is undefined; lines that are not JSON are kept.
 */
function replaceJsonValue(line: string, which: number, value: unknown): string {
  let root: unknown;
  try {
    root = JSON.parse(line);
  } catch {
    return line;
  }
  const slots: { parent: Record<string, unknown> | unknown[]; key: string | number }[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) {
      node.forEach((child, k) => {
        slots.push({ parent: node, key: k });
        walk(child);
      });
    } else if (typeof node === 'object' && node !== null) {
      for (const [k, child] of Object.entries(node)) {
        slots.push({ parent: node as Record<string, unknown>, key: k });
        walk(child);
      }
    }
  };
  walk(root);
  const slot = slots[which % Math.max(1, slots.length)];
  if (!slot) return line;
  if (which % 7 === 6 && !Array.isArray(slot.parent)) {
    delete (slot.parent as Record<string, unknown>)[slot.key];
  } else {
    (slot.parent as Record<string | number, unknown>)[slot.key] = value;
  }
  return JSON.stringify(root);
}
