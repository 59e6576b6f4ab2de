/**
 * A free path and API id for an import whose path or id is already taken (`gemini` → `gemini-2`), so that the wizard
 * can offer "Use a new path" in one click instead of sending the user back to edit the form. Path and id get the same
 * number so that the API, its backend and its named value stay recognisable as one import.
 */
import { MAX_API_ID } from './resourceNames';
import { normalizeApiPath } from './validation';

export interface PathAndId {
  readonly path: string;
  readonly apiId: string;
}

export interface TakenNames {
  /** Paths of the instance's APIs (compared without case and surrounding slashes, as APIM does). */
  readonly paths: readonly string[];
  /** Ids of the instance's APIs and of anything else the derived names must not meet (compared without case). */
  readonly ids: readonly string[];
}

/** The longest path the wizard accepts (src/domain/import/validation.ts). */
export const MAX_PATH_LENGTH = 400;

/**
 * The first `{path}-{n}` / `{apiId}-{n}` (n ≥ 2) that no API uses. A trailing `-{n}` is read as an earlier proposal
 * only when the name without it is taken too (`gemini-2` after `gemini` → `gemini-3`); otherwise it is part of the
 * name (`gpt-4` → `gpt-4-2`). Names are shortened to keep within the limits.
 */
export function proposeFreePath(
  current: PathAndId,
  taken: TakenNames,
  limits: { readonly maxPathLength: number; readonly maxIdLength: number } = { maxPathLength: MAX_PATH_LENGTH, maxIdLength: MAX_API_ID },
): PathAndId {
  const paths = new Set(taken.paths.map((p) => normalizeApiPath(p).toLowerCase()));
  const ids = new Set(taken.ids.map((i) => i.toLowerCase()));
  const path = counted(normalizeApiPath(current.path), paths);
  const id = counted(current.apiId, ids);
  for (let n = Math.max(path.next, id.next); ; n++) {
    const candidate = { path: withNumber(path.base, n, limits.maxPathLength), apiId: withNumber(id.base, n, limits.maxIdLength) };
    if (!paths.has(candidate.path.toLowerCase()) && !ids.has(candidate.apiId.toLowerCase())) return candidate;
  }
}

/** The name without a counter it already carries, and the first number to try. */
function counted(name: string, taken: ReadonlySet<string>): { base: string; next: number } {
  const match = /^(.+)-(\d{1,6})$/.exec(name);
  if (match && taken.has(match[1].toLowerCase())) return { base: match[1], next: Number(match[2]) + 1 };
  return { base: name, next: 2 };
}

function withNumber(base: string, n: number, maxLength: number): string {
  const suffix = `-${n}`;
  // A cut must not leave a dangling separator ("gem-/-2" or "gem--2").
  const head = base.slice(0, Math.max(1, maxLength - suffix.length)).replace(/[-/.]+$/, '');
  return `${head}${suffix}`;
}
