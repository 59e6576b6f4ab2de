/**
 * Generates the bundled OpenAPI 3.0 documents of the model-in-the-body surfaces (see compatibility.ts): Azure OpenAI v1
 * (`/chat/completions`, `/responses`, `/embeddings`, `GET /models`, no api-version) and Azure AI model inference
 * (`/chat/completions`, `/embeddings`, `GET /info`, with api-version). Schemas are compact, as in inferenceSpec.ts:
 * the fields people send and read, enough for APIM to create the operations and its console to show useful bodies.
 */
import { MODEL_INFERENCE_API_VERSION, type AoaiCompatibility } from './compatibility';
import type { OpenApiV3Document } from './inferenceSpec';
import { arr, bool, int, num, obj, ref, str, type Schema } from './schemaBuilders';

const stringOrArray = (description: string, items: Schema = str()): Schema => ({ description, oneOf: [str(), arr(items)] });
const model = str('The name of the model deployment.');

const SCHEMAS: Readonly<Record<string, Schema>> = {
  errorResponse: obj({ error: obj({ code: str(), message: str(), param: str(), type: str() }) }),
  usage: obj({ prompt_tokens: int(), completion_tokens: int(), total_tokens: int() }, ['prompt_tokens', 'total_tokens']),
  chatMessage: obj({ role: { type: 'string', enum: ['system', 'developer', 'user', 'assistant', 'tool'] }, content: str() }, ['role']),
  chatCompletionsRequest: obj(
    {
      model,
      messages: { ...arr(ref('chatMessage')), minItems: 1, description: 'The conversation so far.' },
      max_completion_tokens: int('The maximum number of tokens allowed for the generated answer.'),
      temperature: num('Sampling temperature, between 0 and 2.'),
      stream: bool('Whether to send partial message deltas as server-sent events.'),
      stream_options: obj({ include_usage: bool('Send a last chunk with the usage.') }),
    },
    ['model', 'messages'],
  ),
  chatCompletionsResponse: obj(
    {
      id: str(),
      object: str(),
      created: int(),
      model: str(),
      choices: arr(obj({ index: int(), message: ref('chatMessage'), finish_reason: str() })),
      usage: ref('usage'),
    },
    ['id', 'object', 'created', 'model', 'choices'],
  ),
  responseInputItem: obj({ role: { type: 'string', enum: ['system', 'developer', 'user', 'assistant'] }, content: str() }, ['role']),
  responsesRequest: obj(
    {
      model,
      input: stringOrArray('Text, or the conversation as message items.', ref('responseInputItem')),
      instructions: str('A system (developer) message for this response.'),
      previous_response_id: str('The id of the previous response, to continue a conversation.'),
      max_output_tokens: int('An upper bound for the tokens the response may generate.'),
      store: bool('Whether to store the response so that a later one can name it.'),
      stream: bool('Whether to stream the response as server-sent events.'),
    },
    ['model'],
  ),
  responsesUsage: obj(
    {
      input_tokens: int(),
      input_tokens_details: obj({ cached_tokens: int() }),
      output_tokens: int(),
      output_tokens_details: obj({ reasoning_tokens: int() }),
      total_tokens: int(),
    },
    ['input_tokens', 'output_tokens', 'total_tokens'],
  ),
  response: obj(
    {
      id: str(),
      object: str(),
      created_at: int(),
      status: { type: 'string', enum: ['completed', 'failed', 'in_progress', 'incomplete'] },
      model: str(),
      previous_response_id: str(),
      output: arr(obj({ id: str(), type: str(), role: str(), content: arr(obj({ type: str(), text: str() })) })),
      usage: ref('responsesUsage'),
    },
    ['id', 'object', 'status', 'model', 'output'],
  ),
  embeddingsRequest: obj(
    {
      model,
      input: stringOrArray('Input text to embed, as a string or an array of strings.'),
      dimensions: int('The number of dimensions of the resulting embeddings.'),
    },
    ['model', 'input'],
  ),
  embeddingsResponse: obj(
    {
      object: str(),
      model: str(),
      data: arr(obj({ index: int(), object: str(), embedding: arr(num()) }, ['index', 'object', 'embedding'])),
      usage: ref('usage'),
    },
    ['object', 'model', 'data', 'usage'],
  ),
  modelList: obj({ object: str(), data: arr(obj({ id: str(), object: str(), created: int(), owned_by: str() })) }, ['object', 'data']),
  modelInfo: obj({ model_name: str(), model_type: str(), model_provider_name: str() }),
};

interface Operation {
  readonly method: 'get' | 'post';
  readonly path: string;
  readonly operationId: string;
  readonly summary: string;
  readonly request?: string;
  readonly response: string;
}

const V1_OPERATIONS: readonly Operation[] = [
  {
    method: 'post',
    path: '/chat/completions',
    operationId: 'createChatCompletion',
    summary: 'Creates a chat completion.',
    request: 'chatCompletionsRequest',
    response: 'chatCompletionsResponse',
  },
  {
    method: 'post',
    path: '/responses',
    operationId: 'createResponse',
    summary: 'Creates a model response (Responses API).',
    request: 'responsesRequest',
    response: 'response',
  },
  {
    method: 'post',
    path: '/embeddings',
    operationId: 'createEmbedding',
    summary: 'Creates an embedding vector of the input.',
    request: 'embeddingsRequest',
    response: 'embeddingsResponse',
  },
  { method: 'get', path: '/models', operationId: 'listModels', summary: 'Lists the models.', response: 'modelList' },
];

const INFERENCE_OPERATIONS: readonly Operation[] = [
  {
    method: 'post',
    path: '/chat/completions',
    operationId: 'getChatCompletions',
    summary: 'Creates a chat completion (model in the body).',
    request: 'chatCompletionsRequest',
    response: 'chatCompletionsResponse',
  },
  {
    method: 'post',
    path: '/embeddings',
    operationId: 'getEmbeddings',
    summary: 'Creates embeddings (model in the body).',
    request: 'embeddingsRequest',
    response: 'embeddingsResponse',
  },
  { method: 'get', path: '/info', operationId: 'getModelInfo', summary: 'Returns information about the model.', response: 'modelInfo' },
];

/** The operations of a model-in-the-body surface, as `METHOD /path` (for Review and the console). */
export function foundryOperations(compatibility: Exclude<AoaiCompatibility, 'azureOpenAi'>): readonly string[] {
  return (compatibility === 'v1' ? V1_OPERATIONS : INFERENCE_OPERATIONS).map((o) => `${o.method.toUpperCase()} ${o.path}`);
}

export function buildFoundrySpec(compatibility: Exclude<AoaiCompatibility, 'azureOpenAi'>): OpenApiV3Document {
  const v1 = compatibility === 'v1';
  const operations = v1 ? V1_OPERATIONS : INFERENCE_OPERATIONS;
  const versionParameter = {
    in: 'query',
    name: 'api-version',
    required: true,
    schema: { type: 'string', example: MODEL_INFERENCE_API_VERSION },
    description: 'The API version.',
  };
  const paths: Record<string, Record<string, unknown>> = {};
  const used = new Set<string>(['errorResponse']);
  for (const op of operations) {
    used.add(op.response);
    if (op.request) used.add(op.request);
    paths[op.path] = {
      [op.method]: {
        operationId: op.operationId,
        summary: op.summary,
        ...(v1 ? {} : { parameters: [versionParameter] }),
        ...(op.request ? { requestBody: { required: true, content: { 'application/json': { schema: ref(op.request) } } } } : {}),
        responses: {
          '200': { description: 'OK', content: { 'application/json': { schema: ref(op.response) } } },
          default: { description: 'An error occurred.', content: { 'application/json': { schema: ref('errorResponse') } } },
        },
      },
    };
  }
  for (const name of [...used]) for (const nested of referencedSchemas(SCHEMAS[name])) used.add(nested);
  for (const name of [...used]) for (const nested of referencedSchemas(SCHEMAS[name])) used.add(nested);
  const schemas = Object.fromEntries(Object.entries(SCHEMAS).filter(([name]) => used.has(name)));
  return {
    openapi: '3.0.1',
    info: v1
      ? { title: 'Azure OpenAI v1 API', version: 'v1', description: 'Azure OpenAI v1 API: the model (deployment) is named in the body.' }
      : {
          title: 'Azure AI Model Inference API',
          version: MODEL_INFERENCE_API_VERSION,
          description: 'Azure AI model inference API: the model (deployment) is named in the body.',
        },
    servers: [
      {
        url: v1 ? 'https://{endpoint}/openai/v1' : 'https://{endpoint}/models',
        variables: { endpoint: { default: 'your-resource-name.services.ai.azure.com' } },
      },
    ],
    security: [{ apiKey: [] }],
    paths,
    components: { schemas, securitySchemes: { apiKey: { type: 'apiKey', name: 'api-key', in: 'header' } } },
  };
}

function referencedSchemas(schema: unknown): string[] {
  const json = JSON.stringify(schema ?? {});
  return [...json.matchAll(/"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]);
}
