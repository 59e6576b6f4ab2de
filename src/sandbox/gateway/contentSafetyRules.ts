/**
 * The sandbox's stand-in for Azure AI Content Safety. It has no classifier, so it uses a fixed, documented rule: a
 * prompt containing one of the terms below is rated at severity 4 in that harm category; prompt-shield looks for
 * well-known jailbreak phrasings; a blocklist's terms are the comma-separated value of the named value whose name
 * equals the blocklist id.
 */
export type HarmCategory = 'Hate' | 'SelfHarm' | 'Sexual' | 'Violence';

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

export interface SafetyFinding {
  readonly reason: string;
}

export function findHarm(text: string, thresholds: ReadonlyMap<HarmCategory, number>): SafetyFinding | undefined {
  const lower = text.toLowerCase();
  for (const [category, threshold] of thresholds) {
    const term = CATEGORY_TERMS[category].find((t) => lower.includes(t));
    if (term && MATCH_SEVERITY >= threshold) {
      return { reason: `category ${category} detected at severity ${MATCH_SEVERITY} (threshold ${threshold})` };
    }
  }
  return undefined;
}

export function findJailbreak(text: string): SafetyFinding | undefined {
  return JAILBREAK_PATTERNS.some((p) => p.test(text)) ? { reason: 'prompt shield detected a user prompt attack' } : undefined;
}

export function findBlocklisted(text: string, blocklists: ReadonlyMap<string, readonly string[]>): SafetyFinding | undefined {
  const lower = text.toLowerCase();
  for (const [id, terms] of blocklists) {
    if (terms.some((t) => t !== '' && lower.includes(t.toLowerCase()))) return { reason: `blocklist ${id} matched` };
  }
  return undefined;
}

export function parseCategory(name: string | undefined): HarmCategory | undefined {
  return (['Hate', 'SelfHarm', 'Sexual', 'Violence'] as const).find((c) => c.toLowerCase() === (name ?? '').toLowerCase());
}
