/** The models each OpenAI-compatible surface of the mock knows, and what each one can do. */
export type ModelKind = 'chat' | 'embeddings';

export interface ModelInfo {
  readonly id: string;
  readonly kind: ModelKind;
  readonly ownedBy: string;
}

const openAi: readonly ModelInfo[] = [
  ...['gpt-4o', 'gpt-4o-mini', 'gpt-4.1', 'gpt-4.1-mini', 'gpt-4.1-nano', 'gpt-5-mini', 'o4-mini', 'gpt-3.5-turbo'].map((id) => ({
    id,
    kind: 'chat' as const,
    ownedBy: 'system',
  })),
  ...['text-embedding-3-small', 'text-embedding-3-large', 'text-embedding-ada-002'].map((id) => ({
    id,
    kind: 'embeddings' as const,
    ownedBy: 'system',
  })),
];

const gemini: readonly ModelInfo[] = [
  ...['gemini-2.0-flash', 'gemini-2.5-flash', 'gemini-2.5-pro'].map((id) => ({
    id: `models/${id}`,
    kind: 'chat' as const,
    ownedBy: 'google',
  })),
  { id: 'models/text-embedding-004', kind: 'embeddings', ownedBy: 'google' },
];

export type Surface = 'openai' | 'gemini';

export function modelsOf(surface: Surface): readonly ModelInfo[] {
  return surface === 'openai' ? openAi : gemini;
}

/** Gemini accepts model names with or without the `models/` prefix. */
export function findModel(surface: Surface, name: string | undefined): ModelInfo | undefined {
  if (!name) return undefined;
  const wanted = surface === 'gemini' && !name.startsWith('models/') ? `models/${name}` : name;
  return modelsOf(surface).find((m) => m.id === wanted);
}
