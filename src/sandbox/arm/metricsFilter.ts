/**
 * The metrics API's `$filter`: clauses joined by `and`, each one dimension compared with `eq` to a quoted value or
 * to `'*'` (split by that dimension); `or` only between values of the same dimension, as Azure documents
 * (`A eq 'a1' and B eq 'b1' or B eq 'b2' and C eq '*'`). Anything else is Azure's 400.
 */
import { ArmError } from './errors';

export interface DimensionClause {
  /** As written in the filter; compared without case. */
  readonly name: string;
  /** Undefined for `eq '*'`: a split. */
  readonly values?: readonly string[];
}

export function parseMetricsFilter(filter: string | null): DimensionClause[] {
  if (filter === null || filter.trim() === '') return [];
  const clauses = new Map<string, { name: string; values: string[]; split: boolean }>();
  for (const andPart of splitOutsideQuotes(filter, ' and ')) {
    let name: string | undefined;
    for (const orPart of splitOutsideQuotes(andPart, ' or ')) {
      const m = /^\s*(.+?)\s+eq\s+'((?:[^']|'')*)'\s*$/i.exec(orPart);
      if (!m) throw invalid(filter, `'${orPart.trim()}' is not of the form Name eq 'value'`);
      const clauseName = m[1].trim();
      if (name !== undefined && name.toLowerCase() !== clauseName.toLowerCase()) {
        throw invalid(filter, 'the logical or operator cannot separate two different metadata names');
      }
      name = clauseName;
      const key = clauseName.toLowerCase();
      const clause = clauses.get(key) ?? { name: clauseName, values: [], split: false };
      const value = m[2].replace(/''/g, "'");
      if (value === '*') clause.split = true;
      else clause.values.push(value);
      clauses.set(key, clause);
    }
  }
  return [...clauses.values()].map((c) => (c.split ? { name: c.name } : { name: c.name, values: c.values }));
}

function invalid(filter: string, why: string): ArmError {
  return new ArmError(400, 'BadRequest', `Invalid $filter '${filter}': ${why}.`);
}

function splitOutsideQuotes(text: string, separator: string): string[] {
  const parts: string[] = [];
  let quoted = false;
  let start = 0;
  const lower = text.toLowerCase();
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "'") quoted = !quoted;
    else if (!quoted && lower.startsWith(separator, i)) {
      parts.push(text.slice(start, i));
      start = i + separator.length;
      i += separator.length - 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}
