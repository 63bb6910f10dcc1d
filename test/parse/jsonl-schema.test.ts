import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  EXTENSION_PREFIX,
  FORMAT_V1,
  RECORD_SPEC,
  type FieldSpec,
  type ObjectSpec,
} from '../../pipeline/parse/jsonl/spec.js';

// The validator checks records against the tables of spec.ts; the published schema must say
// the same, member by member, so that a record valid for one is valid for the other.
type Json = { [key: string]: unknown };

const schema = JSON.parse(
  readFileSync(new URL('../../schema/delivery-v1.schema.json', import.meta.url), 'utf8'),
) as unknown;

function object(value: unknown, where: string): Json {
  assert.ok(typeof value === 'object' && value !== null && !Array.isArray(value), where);
  return value as Json;
}

const root = object(schema, 'the schema');
const defs = object(root.$defs, '$defs');

/** A property's schema, following a `$ref` into `$defs`. */
function resolve(value: unknown, where: string): Json {
  const property = object(value, where);
  if (typeof property.$ref !== 'string') return property;
  const name = property.$ref.replace('#/$defs/', '');
  return object(defs[name], `${where}: $ref ${property.$ref}`);
}

function compareObject(schemaObject: Json, spec: ObjectSpec, where: string): void {
  const properties = object(schemaObject.properties, `${where}.properties`);
  assert.deepEqual(Object.keys(properties).sort(), Object.keys(spec.fields).sort(), where);
  assert.deepEqual(schemaObject.required ?? [], [...spec.required], `${where}: required`);
  assert.equal(schemaObject.additionalProperties, false, `${where}: additionalProperties`);
  const patterns = object(schemaObject.patternProperties, `${where}.patternProperties`);
  assert.deepEqual(Object.keys(patterns), [`^${EXTENSION_PREFIX}`], `${where}: extensions`);

  for (const [name, field] of Object.entries(spec.fields)) {
    compareField(resolve(properties[name], `${where}.${name}`), field, `${where}.${name}`);
  }
}

function compareField(property: Json, field: FieldSpec, where: string): void {
  const types = Array.isArray(property.type) ? property.type : [property.type];
  assert.deepEqual([...types].sort(), [...field.types].sort(), `${where}: type`);
  assert.equal(property.const, field.const, `${where}: const`);
  assert.deepEqual(property.enum, field.enum === undefined ? undefined : [...field.enum], where);
  assert.equal(property.minimum, field.minimum, `${where}: minimum`);
  assert.equal(property.maximum, field.maximum, `${where}: maximum`);
  assert.equal(property.pattern, field.pattern, `${where}: pattern`);
  if (field.object) compareObject(property, field.object, where);
}

describe('schema/delivery-v1.schema.json', () => {
  it('is a draft 2020-12 schema', () => {
    assert.equal(root.$schema, 'https://json-schema.org/draft/2020-12/schema');
  });

  it('agrees with the validator on every member, type, required field and enumeration', () => {
    compareObject(root, RECORD_SPEC, 'record');
  });

  it('names the format the validator and detection expect', () => {
    const properties = object(root.properties, 'properties');
    assert.equal(object(properties.format, 'format').const, FORMAT_V1);
  });

  it('requires a recipient domain or a recipient, as the validator does', () => {
    assert.deepEqual(root.anyOf, [{ required: ['recipient_domain'] }, { required: ['recipient'] }]);
  });
});
