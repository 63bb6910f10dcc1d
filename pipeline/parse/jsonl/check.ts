import { describeJson, isJsonObject, type JsonObject } from '../json/value.js';
import { EXTENSION_PREFIX, type FieldSpec, type JsonType, type ObjectSpec } from './spec.js';

/**
 * Checks the shape of an object against a spec table: unknown members, required members, and
 * each member's type, constant, enumeration, range and pattern. Problems are appended in that
 * order, each naming the member by its dotted path.
 */
export function checkObject(
  obj: JsonObject,
  spec: ObjectSpec,
  prefix: string,
  problems: string[],
): void {
  for (const key of Object.keys(obj)) {
    if (!Object.hasOwn(spec.fields, key) && !key.startsWith(EXTENSION_PREFIX)) {
      problems.push(
        `${prefix}${key}: unknown field (names of your own start with ${EXTENSION_PREFIX})`,
      );
    }
  }
  for (const key of spec.required) {
    if (!Object.hasOwn(obj, key)) problems.push(`${prefix}${key}: missing (required)`);
  }
  for (const [key, field] of Object.entries(spec.fields)) {
    if (Object.hasOwn(obj, key)) checkValue(obj[key], field, prefix + key, problems);
  }
}

function checkValue(value: unknown, field: FieldSpec, path: string, problems: string[]): void {
  const type = jsonType(value);
  if (!field.types.some((t) => t === type)) {
    problems.push(`${path}: expected ${typeWords(field.types)}, got ${describeJson(value)}`);
    return;
  }
  const got = field.private ? 'a value not shown (it may hold a local part)' : describeJson(value);
  if (field.const !== undefined && value !== field.const) {
    problems.push(`${path}: expected ${JSON.stringify(field.const)}, got ${got}`);
  }
  if (field.enum && typeof value === 'string' && !field.enum.includes(value)) {
    problems.push(`${path}: expected one of ${field.enum.join(', ')}, got ${got}`);
  }
  if (typeof value === 'number' && !inRange(value, field)) {
    problems.push(`${path}: expected ${rangeWords(field)}, got ${got}`);
  }
  if (typeof value === 'string' && field.pattern && !pattern(field.pattern).test(value)) {
    problems.push(
      `${path}: expected ${field.meaning ?? `a match for /${field.pattern}/`}, got ${got}`,
    );
  }
  if (field.object && isJsonObject(value)) checkObject(value, field.object, `${path}.`, problems);
}

function jsonType(value: unknown): JsonType | 'number' | 'array' | 'other' {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'boolean';
    case 'number':
      return Number.isInteger(value) ? 'integer' : 'number';
    case 'object':
      return 'object';
    default:
      return 'other';
  }
}

const TYPE_WORDS: Record<JsonType, string> = {
  string: 'a string',
  boolean: 'true or false',
  integer: 'an integer',
  object: 'an object',
  null: 'null',
};

function typeWords(types: readonly JsonType[]): string {
  return types.map((t) => TYPE_WORDS[t]).join(' or ');
}

function inRange(value: number, field: FieldSpec): boolean {
  return (
    (field.minimum === undefined || value >= field.minimum) &&
    (field.maximum === undefined || value <= field.maximum)
  );
}

function rangeWords(field: FieldSpec): string {
  if (field.minimum !== undefined && field.maximum !== undefined) {
    return `an integer from ${field.minimum} to ${field.maximum}`;
  }
  if (field.minimum !== undefined) return `an integer of at least ${field.minimum}`;
  return `an integer of at most ${field.maximum}`;
}

const patterns = new Map<string, RegExp>();

function pattern(source: string): RegExp {
  let regex = patterns.get(source);
  if (!regex) {
    regex = new RegExp(source, 'u');
    patterns.set(source, regex);
  }
  return regex;
}
