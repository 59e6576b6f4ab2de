/**
 * Runtime checks for messages crossing the webview boundary. Messages from a webview are untrusted: every handler
 * parses them with these before acting, and a rejection names the field that was wrong.
 */

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

export const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
export const fail = (error: string): Parsed<never> => ({ ok: false, error });

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function readString(
  obj: Record<string, unknown>,
  field: string,
  opts: { maxLength?: number; optional?: boolean } = {},
): Parsed<string | undefined> {
  const v = obj[field];
  if (v === undefined && opts.optional) return ok(undefined);
  if (typeof v !== 'string') return fail(`"${field}" must be a string.`);
  if (v.length > (opts.maxLength ?? 10_000)) return fail(`"${field}" is longer than ${opts.maxLength ?? 10_000} characters.`);
  return ok(v);
}

export function readNumber(
  obj: Record<string, unknown>,
  field: string,
  opts: { min?: number; max?: number; optional?: boolean; integer?: boolean } = {},
): Parsed<number | undefined> {
  const v = obj[field];
  if (v === undefined && opts.optional) return ok(undefined);
  if (typeof v !== 'number' || !Number.isFinite(v)) return fail(`"${field}" must be a number.`);
  if (opts.integer && !Number.isInteger(v)) return fail(`"${field}" must be a whole number.`);
  if (opts.min !== undefined && v < opts.min) return fail(`"${field}" must be at least ${opts.min}.`);
  if (opts.max !== undefined && v > opts.max) return fail(`"${field}" must be at most ${opts.max}.`);
  return ok(v);
}

export function readBoolean(obj: Record<string, unknown>, field: string, opts: { optional?: boolean } = {}): Parsed<boolean | undefined> {
  const v = obj[field];
  if (v === undefined && opts.optional) return ok(undefined);
  if (typeof v !== 'boolean') return fail(`"${field}" must be true or false.`);
  return ok(v);
}

export function readOneOf<T extends string>(obj: Record<string, unknown>, field: string, allowed: readonly T[]): Parsed<T> {
  const v = obj[field];
  return typeof v === 'string' && (allowed as readonly string[]).includes(v)
    ? ok(v as T)
    : fail(`"${field}" must be one of ${allowed.join(', ')}.`);
}

/** Reads the discriminant of a `{ type: ... }` message. */
export function readMessageType<T extends string>(message: unknown, allowed: readonly T[]): Parsed<T> {
  if (!isRecord(message)) return fail('The message is not an object.');
  return readOneOf(message, 'type', allowed);
}

/** Reads required text fields that share one length limit; the first wrong one is the error. */
export function readStrings<F extends string>(
  obj: Record<string, unknown>,
  fields: readonly F[],
  maxLength: number,
): Parsed<Record<F, string>> {
  const out = {} as Record<F, string>;
  for (const field of fields) {
    const v = readString(obj, field, { maxLength });
    if (!v.ok) return v;
    out[field] = v.value!;
  }
  return ok(out);
}

/** Each parser of one optional part of an object (e.g. one policy of a form), run only when the part is present. */
export type OptionalPartParsers<T> = { readonly [K in keyof T]-?: (raw: unknown) => Parsed<NonNullable<T[K]>> };

/** Reads an object whose every part is optional, each by its own parser, in the parsers' order. */
export function readOptionalParts<T extends object>(raw: unknown, name: string, parsers: OptionalPartParsers<T>): Parsed<T> {
  if (!isRecord(raw)) return fail(`"${name}" must be an object.`);
  const out: Partial<Record<keyof T, unknown>> = {};
  for (const key of Object.keys(parsers) as (keyof T & string)[]) {
    if (raw[key] === undefined) continue;
    const v = parsers[key](raw[key]);
    if (!v.ok) return v;
    out[key] = v.value;
  }
  return ok(out as T);
}

/** A list of at most `maxItems` texts, each of at most `maxLength` characters. */
export function readStringArray(obj: Record<string, unknown>, field: string, maxItems: number, maxLength = 256): Parsed<string[]> {
  const v = obj[field];
  if (!Array.isArray(v) || v.length > maxItems) return fail(`"${field}" must be a list of at most ${maxItems} items.`);
  if (!v.every((s): s is string => typeof s === 'string' && s.length <= maxLength)) {
    return fail(`Each item of "${field}" must be a text of at most ${maxLength} characters.`);
  }
  return ok(v);
}
