/**
 * The mock Content Safety's verdicts. It has no classifier, so it uses a fixed, documented rule: a text containing
 * one of the terms below is rated at severity 4 in that harm category (0 otherwise), and prompt shield detects an
 * attack in the well-known jailbreak phrasings below. Blocklists are the account's own (text blocklists API).
 */
export type HarmCategory = 'Hate' | 'SelfHarm' | 'Sexual' | 'Violence';

export const HARM_CATEGORIES: readonly HarmCategory[] = ['Hate', 'SelfHarm', 'Sexual', 'Violence'];

export const CATEGORY_TERMS: Readonly<Record<HarmCategory, readonly string[]>> = {
  Hate: ['sandbox-hate-term', 'inferior race'],
  SelfHarm: ['sandbox-selfharm-term', 'hurt myself'],
  Sexual: ['sandbox-sexual-term', 'explicit sexual'],
  Violence: ['sandbox-violence-term', 'build a bomb'],
};

export const MATCH_SEVERITY = 4;

export const JAILBREAK_PATTERNS: readonly RegExp[] = [
  /ignore (all )?(the )?(previous|prior|above) instructions/i,
  /\byou are now (DAN|in developer mode)\b/i,
  /pretend (that )?you have no (rules|restrictions)/i,
];

export const isPromptAttack = (text: string): boolean => JAILBREAK_PATTERNS.some((p) => p.test(text));

/** The severity of `text` in `category`: 4 when it contains one of the category's terms, else 0. */
export function severityOf(text: string, category: HarmCategory): number {
  const lower = text.toLowerCase();
  return CATEGORY_TERMS[category].some((t) => lower.includes(t)) ? MATCH_SEVERITY : 0;
}

export function parseCategory(name: string | undefined): HarmCategory | undefined {
  return HARM_CATEGORIES.find((c) => c.toLowerCase() === (name ?? '').toLowerCase());
}
