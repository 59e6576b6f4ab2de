/** The wizard's input in each of its modes, and the one parser that dispatches on `mode`. A new mode adds its entry. */
import { fail, isRecord, readOneOf, type Parsed } from '../domain/guards';
import { parseAzureOpenAiInput, type AzureOpenAiInput } from './azureOpenAiInput';
import { parseLanguageModelInput, type LanguageModelInput } from './languageModelInput';

export type ImportInput = LanguageModelInput | AzureOpenAiInput;
export type ImportMode = ImportInput['mode'];

/** One parser per wizard mode; a new mode adds its entry. */
export const importInputParsers: {
  readonly [M in ImportMode]: (raw: Record<string, unknown>) => Parsed<Extract<ImportInput, { mode: M }>>;
} = {
  languageModel: parseLanguageModelInput,
  azureOpenAi: parseAzureOpenAiInput,
};

export function parseImportInput(raw: unknown): Parsed<ImportInput> {
  if (!isRecord(raw)) return fail('"input" must be an object.');
  const mode = readOneOf(raw, 'mode', IMPORT_MODES);
  if (!mode.ok) return mode;
  return importInputParsers[mode.value](raw);
}

export const IMPORT_MODES = Object.keys(importInputParsers) as ImportMode[];
