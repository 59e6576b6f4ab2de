/**
 * Whether the sandbox's answer agrees with an example: the status is one the example gives, and the body has the
 * example's shape: every top-level key and every `properties` key the example's body has (with a value other than
 * null; null means "not set" in the examples) is present, and for a list the items have the example items' keys.
 * An empty `nextLink` on the last page may be left out (Azure's own last pages often omit it).
 */
import type { Example, Replayed } from './replay';

export function differences(example: Example, answer: Replayed, ignored: readonly string[] = []): string[] {
  const statuses = Object.keys(example.responses);
  if (!statuses.includes(String(answer.status))) {
    return [`status ${answer.status} (example: ${statuses.join(' or ')})${errorText(answer.body)}`];
  }
  const expected = example.responses[String(answer.status)];
  const out: string[] = [];
  if (example.method === 'HEAD' && expected.headers?.etag !== undefined && answer.headers.etag === undefined) out.push('no ETag header');
  if (expected.body === undefined) return out;
  out.push(...shape(expected.body, answer.body, '', ignored));
  return out;
}

function shape(expected: unknown, actual: unknown, where: string, ignored: readonly string[]): string[] {
  if (!isObject(expected)) return [];
  if (!isObject(actual)) return [`${where || 'body'} missing`];
  const out: string[] = [];
  for (const [key, value] of Object.entries(expected)) {
    const path = where ? `${where}.${key}` : key;
    if (value === null || ignored.includes(path)) continue;
    if (key === 'nextLink' && value === '') continue;
    if (!(key in actual) || actual[key] === undefined) {
      out.push(`${path} missing`);
      continue;
    }
    if (key === 'properties' && !where.includes('properties')) out.push(...flatKeys(value, actual[key], path, ignored));
    if (key === 'value' && Array.isArray(value)) out.push(...listItems(value, actual[key], ignored));
  }
  return out;
}

function flatKeys(expected: unknown, actual: unknown, where: string, ignored: readonly string[]): string[] {
  if (!isObject(expected)) return [];
  if (!isObject(actual)) return [`${where} is not an object`];
  return Object.entries(expected)
    .filter(([key, value]) => value !== null && !ignored.includes(`${where}.${key}`) && actual[key] === undefined)
    .map(([key]) => `${where}.${key} missing`);
}

function listItems(expected: unknown[], actual: unknown, ignored: readonly string[]): string[] {
  if (!Array.isArray(actual)) return ['value is not a list'];
  if (expected.length === 0) return [];
  if (actual.length === 0) return ['value is empty'];
  const out = new Set<string>();
  for (const item of expected) {
    const name = isObject(item) && typeof item.name === 'string' ? item.name.toLowerCase() : undefined;
    const mine: unknown =
      (actual as unknown[]).find((a) => isObject(a) && typeof a.name === 'string' && a.name.toLowerCase() === name) ?? actual[0];
    for (const d of shape(item, mine, 'value[]', ignored)) out.add(d);
  }
  return [...out];
}

function errorText(body: unknown): string {
  const error = isObject(body) && isObject(body.error) ? body.error : undefined;
  if (!error) return '';
  const detail = Array.isArray(error.details) && isObject(error.details[0]) ? ` ${String(error.details[0].message)}` : '';
  return `: ${String(error.code)} ${String(error.message)}${detail}`;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
