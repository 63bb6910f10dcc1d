/** A parsed JSON object whose members are not yet checked. */
export type JsonObject = { [key: string]: unknown };

/** The value at a path of member names, or undefined where the path leaves the objects. */
export function field(object: JsonObject, ...path: string[]): unknown {
  let value: unknown = object;
  for (const name of path) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    value = (value as JsonObject)[name];
  }
  return value;
}

export function objectAt(object: JsonObject, ...path: string[]): JsonObject | null {
  const value = field(object, ...path);
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as JsonObject)
    : null;
}

export function text(object: JsonObject, ...path: string[]): string | null {
  const value = field(object, ...path);
  return typeof value === 'string' ? value : null;
}

export function truth(object: JsonObject, ...path: string[]): boolean | null {
  const value = field(object, ...path);
  return typeof value === 'boolean' ? value : null;
}

export function list(object: JsonObject, ...path: string[]): unknown[] {
  const value = field(object, ...path);
  return Array.isArray(value) ? value : [];
}
