/**
 * The GA versions of the Azure OpenAI inference API that the extension bundles, and which operations each has.
 * Learnt from the stable specs in Azure/azure-rest-api-specs (`.../AzureOpenAI/inference/stable/{version}`):
 * 2022-12-01 has completions and embeddings (chat became GA in 2023-05-15); 2024-02-01 added Whisper audio and DALL-E
 * images; 2024-06-01 and 2024-10-21 keep the same six operations (audio/speech stayed in preview).
 */

export const INFERENCE_API_VERSIONS = ['2022-12-01', '2023-05-15', '2024-02-01', '2024-06-01', '2024-10-21'] as const;
export type InferenceApiVersion = (typeof INFERENCE_API_VERSIONS)[number];
export const LATEST_INFERENCE_API_VERSION: InferenceApiVersion = '2024-10-21';

export type InferenceOperationKind =
  'completions' | 'embeddings' | 'chatCompletions' | 'transcriptions' | 'translations' | 'imageGenerations';

export interface InferenceOperationInfo {
  readonly kind: InferenceOperationKind;
  /** The operationId of the public spec, which APIM turns into the operation's name. */
  readonly operationId: string;
  /** Path under `/deployments/{deployment-id}/`. */
  readonly suffix: string;
  readonly summary: string;
  /** The first GA version that has it. */
  readonly since: InferenceApiVersion;
}

const OPERATIONS: readonly InferenceOperationInfo[] = [
  {
    kind: 'completions',
    operationId: 'Completions_Create',
    suffix: 'completions',
    summary: 'Creates a completion for the provided prompt, parameters and chosen model',
    since: '2022-12-01',
  },
  {
    kind: 'embeddings',
    operationId: 'embeddings_create',
    suffix: 'embeddings',
    summary: 'Get a vector representation of a given input',
    since: '2022-12-01',
  },
  {
    kind: 'chatCompletions',
    operationId: 'ChatCompletions_Create',
    suffix: 'chat/completions',
    summary: 'Creates a completion for the chat message',
    since: '2023-05-15',
  },
  {
    kind: 'transcriptions',
    operationId: 'Transcriptions_Create',
    suffix: 'audio/transcriptions',
    summary: 'Transcribes audio into the input language',
    since: '2024-02-01',
  },
  {
    kind: 'translations',
    operationId: 'Translations_Create',
    suffix: 'audio/translations',
    summary: 'Transcribes and translates input audio into English text',
    since: '2024-02-01',
  },
  {
    kind: 'imageGenerations',
    operationId: 'ImageGenerations_Create',
    suffix: 'images/generations',
    summary: 'Generates a batch of images from a text caption on a given DALL-E model deployment',
    since: '2024-02-01',
  },
];

export function isInferenceApiVersion(value: string): value is InferenceApiVersion {
  return (INFERENCE_API_VERSIONS as readonly string[]).includes(value);
}

/** The operations of one version, in the order of the public spec. */
export function inferenceOperationsOf(version: InferenceApiVersion): readonly InferenceOperationInfo[] {
  const rank = INFERENCE_API_VERSIONS.indexOf(version);
  return OPERATIONS.filter((op) => INFERENCE_API_VERSIONS.indexOf(op.since) <= rank);
}

/** `/deployments/{deployment-id}/chat/completions` etc. */
export function inferencePath(op: Pick<InferenceOperationInfo, 'suffix'>): string {
  return `/deployments/{deployment-id}/${op.suffix}`;
}
