/** Parsers shared by the wizard's messages and its modes' inputs. */
import { ok, readNumber, readOneOf, type Parsed } from '../domain/guards';

export function readRequestId(m: Record<string, unknown>): Parsed<number> {
  const id = readNumber(m, 'requestId', { integer: true, min: 0, max: Number.MAX_SAFE_INTEGER });
  return id.ok ? ok(id.value!) : id;
}

/** The user's choice for an API that already exists: stop and ask, or update it. */
export function readOnExisting(raw: Record<string, unknown>): Parsed<'conflict' | 'update'> {
  return readOneOf(raw, 'onExisting', ['conflict', 'update'] as const);
}
