/**
 * A small, honest evaluator for the policy expressions our generated policies use: `@(...)` holding `context.*`
 * properties from a known list, `GetValueOrDefault` on headers, query and variables, string literals, and `+`
 * concatenation of those. Anything else (C# statements `@{...}`, method calls, operators) raises
 * UnsupportedExpressionError so that the gateway reports it instead of pretending.
 */

export interface ExpressionContext {
  readonly subscription: { readonly id: string; readonly name: string } | undefined;
  readonly product: { readonly id: string; readonly name: string } | undefined;
  readonly api: { readonly id: string; readonly name: string; readonly path: string };
  readonly operation: { readonly id: string; readonly name: string; readonly method: string; readonly urlTemplate: string };
  readonly request: {
    readonly ipAddress: string;
    readonly method: string;
    readonly path: string;
    /** Header names lower-cased. */
    readonly headers: Readonly<Record<string, string>>;
    readonly query: URLSearchParams;
  };
  /** The backend's answer, once there is one. */
  readonly response: { readonly statusCode: number } | undefined;
  readonly serviceName: string;
  readonly region: string;
  readonly variables: ReadonlyMap<string, unknown>;
}

export class UnsupportedExpressionError extends Error {
  constructor(readonly expression: string) {
    super(`Policy expression not supported by the sandbox: ${expression}`);
  }
}

/** A policy attribute or element value: an expression when it is `@(...)` or `@{...}`, a literal otherwise. */
export function evaluateValue(value: string, ctx: ExpressionContext): string {
  const v = value.trim();
  if (v.startsWith('@(') && v.endsWith(')')) return stringify(evaluate(v.slice(2, -1), ctx, v));
  if (v.startsWith('@{')) throw new UnsupportedExpressionError(v);
  return value;
}

/**
 * A boolean condition such as `@(context.Response.StatusCode == 429 || context.Response.StatusCode >= 500)`:
 * comparisons of known values joined by `||` and `&&` (without parentheses), as `retry` conditions are written.
 */
export function evaluateCondition(value: string, ctx: ExpressionContext): boolean {
  const v = value.trim();
  if (v === 'true' || v === 'false') return v === 'true';
  if (!(v.startsWith('@(') && v.endsWith(')'))) throw new UnsupportedExpressionError(v);
  const body = v.slice(2, -1);
  return splitOn(body, '||').some((any) =>
    splitOn(any, '&&').every((term) => {
      const m = /^(.+?)\s*(==|!=|>=|<=|>|<)\s*(.+)$/.exec(term.trim());
      if (!m) {
        const single = evaluate(term, ctx, v);
        if (typeof single === 'boolean') return single;
        throw new UnsupportedExpressionError(v);
      }
      return compare(evaluate(m[1], ctx, v), m[2], evaluate(m[3], ctx, v));
    }),
  );
}

function compare(a: unknown, op: string, b: unknown): boolean {
  const [x, y] = typeof a === 'number' && typeof b === 'number' ? [a, b] : [stringify(a), stringify(b)];
  switch (op) {
    case '==':
      return x === y;
    case '!=':
      return x !== y;
    case '>=':
      return x >= y;
    case '<=':
      return x <= y;
    case '>':
      return x > y;
    default:
      return x < y;
  }
}

function splitOn(text: string, op: string): string[] {
  const parts: string[] = [];
  let inString = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"' && text[i - 1] !== '\\') inString = !inString;
    else if (!inString && text.startsWith(op, i)) {
      parts.push(text.slice(start, i));
      start = i + op.length;
      i += op.length - 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

function evaluate(expr: string, ctx: ExpressionContext, whole: string): unknown {
  const terms = splitTopLevel(expr.trim(), '+');
  if (terms.length > 1) return terms.map((t) => stringify(evaluate(t, ctx, whole))).join('');
  const term = expr.trim().replace(/^\((string|int|long)\)\s*/, '');
  const literal = /^"((?:[^"\\]|\\.)*)"$/.exec(term);
  if (literal) return literal[1].replace(/\\(.)/g, '$1');
  if (/^-?\d+(\.\d+)?$/.test(term)) return Number(term);
  if (term === 'true' || term === 'false') return term === 'true';

  const call = /^(context\.[\w.]+)\.GetValueOrDefault(?:<\w+>)?\(\s*"([^"]*)"\s*(?:,\s*(.+?)\s*)?\)$/.exec(term);
  if (call) {
    const fallback = call[3] === undefined ? '' : evaluate(call[3], ctx, whole);
    const found = lookupIn(call[1], call[2], ctx, whole);
    return found ?? fallback;
  }
  const indexer = /^context\.Variables\[\s*"([^"]*)"\s*\]$/.exec(term);
  if (indexer) return ctx.variables.get(indexer[1]);
  const prop = PROPERTIES[term];
  if (prop) return prop(ctx);
  throw new UnsupportedExpressionError(whole);
}

function lookupIn(collection: string, key: string, ctx: ExpressionContext, whole: string): unknown {
  switch (collection) {
    case 'context.Request.Headers':
      return ctx.request.headers[key.toLowerCase()];
    case 'context.Request.Url.Query':
      return ctx.request.query.get(key) ?? undefined;
    case 'context.Variables':
      return ctx.variables.get(key);
    default:
      throw new UnsupportedExpressionError(whole);
  }
}

const PROPERTIES: Readonly<Record<string, (c: ExpressionContext) => unknown>> = {
  'context.Subscription.Id': (c) => c.subscription?.id ?? '',
  'context.Subscription.Name': (c) => c.subscription?.name ?? '',
  'context.Product.Id': (c) => c.product?.id ?? '',
  'context.Product.Name': (c) => c.product?.name ?? '',
  'context.Api.Id': (c) => c.api.id,
  'context.Api.Name': (c) => c.api.name,
  'context.Api.Path': (c) => c.api.path,
  'context.Operation.Id': (c) => c.operation.id,
  'context.Operation.Name': (c) => c.operation.name,
  'context.Operation.Method': (c) => c.operation.method,
  'context.Operation.UrlTemplate': (c) => c.operation.urlTemplate,
  'context.Request.IpAddress': (c) => c.request.ipAddress,
  'context.Request.Method': (c) => c.request.method,
  'context.Request.Url.Path': (c) => c.request.path,
  'context.Response.StatusCode': (c) => c.response?.statusCode,
  'context.Deployment.ServiceName': (c) => c.serviceName,
  'context.Deployment.Region': (c) => c.region,
};

function stringify(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string'
    ? value
    : typeof value === 'number' || typeof value === 'boolean'
      ? String(value)
      : JSON.stringify(value);
}

/** Splits on `sep` outside string literals and parentheses. */
function splitTopLevel(text: string, sep: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let inString = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '(' || ch === '<') depth++;
    else if (ch === ')' || ch === '>') depth--;
    else if (ch === sep && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}
