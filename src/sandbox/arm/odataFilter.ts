/**
 * The subset of OData `$filter` that APIM lists accept: `eq ne gt ge lt le` comparisons and the string functions
 * `contains`, `startswith`, `endswith`, `substringof`, combined with `and`, `or`, `not` and parentheses. Fields are
 * `name` or `properties/{field}` (the `properties/` prefix is optional). String comparisons ignore case, as in APIM.
 */
import { ArmError } from './errors';

export type FieldValue = string | number | boolean | null | undefined;
export type FieldReader = (field: string) => FieldValue;
export type Predicate = (read: FieldReader) => boolean;

type Token = { kind: 'lparen' | 'rparen' | 'comma' } | { kind: 'string'; value: string } | { kind: 'word'; value: string };

const FUNCTIONS = new Set(['contains', 'startswith', 'endswith', 'substringof']);
const COMPARISONS = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);

export function parseFilter(text: string): Predicate {
  const tokens = tokenize(text);
  let pos = 0;
  const peek = (): Token | undefined => tokens[pos];
  const isWord = (t: Token | undefined, w: string): boolean => t?.kind === 'word' && t.value.toLowerCase() === w;
  const expect = (kind: Token['kind']): Token => {
    const t = tokens[pos++];
    if (t?.kind !== kind) throw invalid(text, `expected ${kind}`);
    return t;
  };

  const parseOr = (): Predicate => {
    let left = parseAnd();
    while (isWord(peek(), 'or')) {
      pos++;
      const l = left;
      const r = parseAnd();
      left = (read) => l(read) || r(read);
    }
    return left;
  };
  const parseAnd = (): Predicate => {
    let left = parseUnary();
    while (isWord(peek(), 'and')) {
      pos++;
      const l = left;
      const r = parseUnary();
      left = (read) => l(read) && r(read);
    }
    return left;
  };
  const parseUnary = (): Predicate => {
    if (isWord(peek(), 'not')) {
      pos++;
      const inner = parseUnary();
      return (read) => !inner(read);
    }
    return parsePrimary();
  };
  const parseOperand = (): ((read: FieldReader) => FieldValue) => {
    const t = tokens[pos++];
    if (t?.kind === 'string') return () => t.value;
    if (t?.kind !== 'word') throw invalid(text, 'expected a field or a value');
    const w = t.value;
    if (w === 'true' || w === 'false') return () => w === 'true';
    if (w === 'null') return () => null;
    if (/^-?\d+(\.\d+)?$/.test(w)) return () => Number(w);
    const field = w.replace(/^properties\//i, '');
    return (read) => read(field);
  };
  const parsePrimary = (): Predicate => {
    const t = peek();
    if (t?.kind === 'lparen') {
      pos++;
      const inner = parseOr();
      expect('rparen');
      return inner;
    }
    if (t?.kind === 'word' && FUNCTIONS.has(t.value.toLowerCase()) && tokens[pos + 1]?.kind === 'lparen') {
      const fn = t.value.toLowerCase();
      pos += 2;
      const a = parseOperand();
      expect('comma');
      const b = parseOperand();
      expect('rparen');
      return (read) => {
        const x = lower(a(read));
        const y = lower(b(read));
        if (x === undefined || y === undefined) return false;
        if (fn === 'contains') return x.includes(y);
        if (fn === 'startswith') return x.startsWith(y);
        if (fn === 'endswith') return x.endsWith(y);
        return y.includes(x); // substringof('needle', field)
      };
    }
    const left = parseOperand();
    const op = tokens[pos++];
    if (op?.kind !== 'word' || !COMPARISONS.has(op.value.toLowerCase())) throw invalid(text, 'expected a comparison operator');
    const right = parseOperand();
    const cmp = op.value.toLowerCase();
    return (read) => compare(cmp, left(read), right(read));
  };

  const predicate = parseOr();
  if (pos !== tokens.length) throw invalid(text, 'unexpected text after the expression');
  return predicate;
}

function compare(op: string, a: FieldValue, b: FieldValue): boolean {
  const x = typeof a === 'string' ? a.toLowerCase() : (a ?? null);
  const y = typeof b === 'string' ? b.toLowerCase() : (b ?? null);
  switch (op) {
    case 'eq':
      return x === y;
    case 'ne':
      return x !== y;
    default: {
      if (x === null || y === null) return false;
      if (op === 'gt') return x > y;
      if (op === 'ge') return x >= y;
      if (op === 'lt') return x < y;
      return x <= y;
    }
  }
}

const lower = (v: FieldValue): string | undefined => (typeof v === 'string' ? v.toLowerCase() : undefined);

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(') {
      out.push({ kind: 'lparen' });
      i++;
    } else if (c === ')') {
      out.push({ kind: 'rparen' });
      i++;
    } else if (c === ',') {
      out.push({ kind: 'comma' });
      i++;
    } else if (c === "'") {
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) throw invalid(text, 'unterminated string');
        if (text[i] === "'") {
          if (text[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += text[i++];
      }
      out.push({ kind: 'string', value });
    } else {
      const m = /^[A-Za-z0-9_./$-]+/.exec(text.slice(i));
      if (!m) throw invalid(text, `unexpected character '${c}'`);
      out.push({ kind: 'word', value: m[0] });
      i += m[0].length;
    }
  }
  return out;
}

const invalid = (text: string, why: string): ArmError =>
  new ArmError(400, 'ValidationError', `Invalid filter clause '${text}': ${why}.`, [
    { code: 'ValidationError', target: '$filter', message: why },
  ]);
