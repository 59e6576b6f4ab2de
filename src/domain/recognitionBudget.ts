/**
 * Which APIs of a large instance deserve a policy read to be recognised, and how many reads an instance gets. The
 * list item and the backends settle almost every API for free; a policy read costs one ARM call, so it goes to the
 * APIs whose list item leaves the question open, most telling first, and their number grows with the instance
 * without ever costing more than a small share of ARM's read budget.
 */

/** Words in an API's id, name or path that LLM APIs use and ordinary APIs rarely do. */
const llmWords =
  /\b(ai|llm|llms|gpt|openai|aoai|genai|chat|completions?|embeddings?|models?|inference|gemini|mistral|claude|anthropic|llama|deepseek|grok|phi|foundry|cognitive|copilot|rag)\b/i;

/**
 * 0: no serviceUrl, so its policy must route it somewhere (to an LLM backend, maybe); 1: its names sound like an
 * LLM API; undefined: its list item says where it goes and nothing hints at a model, so it is not worth a call.
 */
export function refineRank(api: {
  readonly apiId: string;
  readonly displayName: string;
  readonly path: string;
  readonly serviceUrl?: string;
}): 0 | 1 | undefined {
  if (!api.serviceUrl) return 0;
  return llmWords.test(`${api.apiId} ${api.displayName} ${api.path}`.replace(/_/g, ' ')) ? 1 : undefined;
}

/** Policy reads for an instance of `apiCount` APIs: 5% of them, at least 50 and at most 500. */
export function refineBudgetFor(apiCount: number): number {
  return Math.min(500, Math.max(50, Math.ceil(apiCount / 20)));
}
