/**
 * Estimated cost from a price table per model: USD per million prompt (input) and completion (output) tokens.
 * The default table holds the public pay-as-you-go list prices of OpenAI and Google for a few common models as of
 * 2025 (Azure OpenAI Global Standard deployments list the same for these); prices change and differ by region,
 * deployment type and contract, so the setting `aiGateway.usage.prices` replaces the table.
 */
import { isRecord } from '../guards';

export interface ModelPrice {
  /** USD per 1,000,000 prompt tokens. */
  readonly input: number;
  /** USD per 1,000,000 completion tokens. */
  readonly output: number;
}

export type PriceTable = Readonly<Record<string, ModelPrice>>;

export const DEFAULT_PRICES: PriceTable = {
  'gpt-4o': { input: 2.5, output: 10 },
  'gpt-4o-mini': { input: 0.15, output: 0.6 },
  'gpt-4.1': { input: 2, output: 8 },
  'gpt-4.1-mini': { input: 0.4, output: 1.6 },
  'gpt-4.1-nano': { input: 0.1, output: 0.4 },
  'gemini-2.0-flash': { input: 0.1, output: 0.4 },
  'gemini-2.5-flash': { input: 0.3, output: 2.5 },
};

export const PRICES_SETTING = 'aiGateway.usage.prices';

export interface PriceTableResult {
  readonly table: PriceTable;
  /** Set when the setting was unusable and the default table is used instead: one sentence for the user. */
  readonly problem?: string;
}

/** Reads the setting's value; anything but a table of `{ input, output }` non-negative numbers falls back to the default. */
export function readPriceTable(value: unknown): PriceTableResult {
  if (value === undefined || value === null) return { table: DEFAULT_PRICES };
  const problem = priceTableProblem(value);
  if (problem) {
    return {
      table: DEFAULT_PRICES,
      problem: `The setting ${PRICES_SETTING} is not valid (${problem}), so the default prices are used.`,
    };
  }
  const table: Record<string, ModelPrice> = {};
  for (const [model, price] of Object.entries(value as Record<string, { input: number; output: number }>)) {
    table[model] = { input: price.input, output: price.output };
  }
  return { table };
}

function priceTableProblem(value: unknown): string | undefined {
  if (!isRecord(value)) return 'it must be an object of models to prices';
  for (const [model, price] of Object.entries(value)) {
    if (model.trim() === '') return 'a model name is empty';
    if (!isRecord(price)) return `"${model}" must be an object like { "input": 2.5, "output": 10 }`;
    for (const field of ['input', 'output'] as const) {
      const n = price[field];
      if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) return `"${model}".${field} must be a number of dollars, 0 or more`;
    }
    const extra = Object.keys(price).find((k) => k !== 'input' && k !== 'output');
    if (extra) return `"${model}" has an unknown field "${extra}"`;
  }
  return undefined;
}

/**
 * The price of a model or deployment name: an exact match (without case), else the longest table key the name starts
 * with, so that `gpt-4o-2024-11-20` is priced as `gpt-4o` while `gpt-4o-mini` keeps its own price.
 */
export function priceOf(table: PriceTable, model: string): ModelPrice | undefined {
  const name = model.trim().toLowerCase();
  if (name === '') return undefined;
  let best: { key: string; price: ModelPrice } | undefined;
  for (const [key, price] of Object.entries(table)) {
    const k = key.toLowerCase();
    if (k === name) return price;
    if (name.startsWith(k) && /[-_.@:]/.test(name.charAt(k.length)) && (!best || k.length > best.key.length)) best = { key: k, price };
  }
  return best?.price;
}

export function costOf(price: ModelPrice, promptTokens: number, completionTokens: number): number {
  return (promptTokens * price.input + completionTokens * price.output) / 1_000_000;
}
