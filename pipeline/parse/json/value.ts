/** A parsed JSON object whose members are not yet checked. */
export type JsonObject = { [key: string]: unknown };

export type JsonLine = { kind: 'object'; value: JsonObject } | { kind: 'invalid'; reason: string };

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One line of a JSON Lines file as an object, or why it is not one. */
export function parseJsonObject(text: string): JsonLine {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // The engine's own message varies between Node versions and may quote the line.
    return { kind: 'invalid', reason: 'not valid JSON' };
  }
  if (!isJsonObject(value)) {
    return { kind: 'invalid', reason: `expected a JSON object, got ${describeJson(value)}` };
  }
  return { kind: 'object', value };
}

/**
 * A JSON value as an error message shows it: `42`, `null`, `"text"`, `an array`, `an object`.
 * Strings are cut, and everything before their last `@` masked: messages are stored and
 * printed, and local parts must never leave the parser.
 */
export function describeJson(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null || typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  if (typeof value === 'string') {
    // Masked before it is cut, or a long local part would lose its `@` and show. Whatever comes
    // before the last `@` may be a local part, even when no domain follows it.
    const at = value.lastIndexOf('@');
    const masked = at < 0 ? value : '…' + value.slice(at);
    return JSON.stringify(masked.length > 60 ? masked.slice(0, 60) + '…' : masked);
  }
  return Array.isArray(value) ? 'an array' : 'an object';
}
