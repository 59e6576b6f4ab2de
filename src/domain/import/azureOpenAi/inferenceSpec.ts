/**
 * Generates the bundled Azure OpenAI inference API as an OpenAPI 3.0 document per GA version. We author the schemas in
 * compact form (the fields people send and read, not every option of the public spec): enough for APIM to create the
 * operations with their parameters, and for its developer portal and test console to show useful request bodies.
 */
import { inferenceOperationsOf, inferencePath, type InferenceApiVersion, type InferenceOperationKind } from './inferenceVersions';
import { arr, bool, int, num, obj, ref, str, type Schema } from './schemaBuilders';

export interface OpenApiServer {
  url: string;
  variables?: Record<string, { default: string; description?: string }>;
}

/** The part of an OpenAPI 3 document the extension reads and writes; the rest passes through untouched. */
export interface OpenApiV3Document {
  openapi: string;
  info: { title: string; version: string; description?: string };
  servers?: OpenApiServer[];
  paths: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
}

/** The server template of every public Azure OpenAI inference spec: `{endpoint}` is the resource's host. */
export const INFERENCE_SERVER_TEMPLATE = 'https://{endpoint}/openai';

const stringOrStrings = (description: string): Schema => ({ description, oneOf: [str(), arr(str())] });

const usage = obj({ prompt_tokens: int(), completion_tokens: int(), total_tokens: int() }, ['prompt_tokens', 'total_tokens']);

const SCHEMAS: Readonly<Record<string, Schema>> = {
  errorResponse: obj({ error: obj({ code: str(), message: str(), param: str(), type: str() }) }),
  usage,
  completionsRequest: obj(
    {
      prompt: stringOrStrings('The prompt(s) to generate completions for.'),
      max_tokens: int('The maximum number of tokens to generate.'),
      temperature: num('Sampling temperature, between 0 and 2.'),
      top_p: num('Nucleus sampling probability mass.'),
      n: int('How many completions to generate for each prompt.'),
      stream: bool('Whether to stream back partial progress as server-sent events.'),
      stop: stringOrStrings('Up to 4 sequences where the API will stop generating further tokens.'),
      user: str('A unique identifier representing your end user.'),
    },
    ['prompt'],
  ),
  completionsResponse: obj(
    {
      id: str(),
      object: str(),
      created: int(),
      model: str(),
      choices: arr(obj({ text: str(), index: int(), finish_reason: str() })),
      usage: ref('usage'),
    },
    ['id', 'object', 'created', 'model', 'choices'],
  ),
  embeddingsRequest: obj(
    {
      input: stringOrStrings('Input text to embed, as a string or an array of strings.'),
      user: str('A unique identifier representing your end user.'),
      dimensions: int('The number of dimensions of the resulting embeddings (text-embedding-3 and later).'),
    },
    ['input'],
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
  chatMessage: obj({ role: { type: 'string', enum: ['system', 'user', 'assistant', 'tool', 'function'] }, content: str(), name: str() }, [
    'role',
  ]),
  chatCompletionsRequest: obj(
    {
      messages: { ...arr(ref('chatMessage')), minItems: 1, description: 'The conversation so far.' },
      max_tokens: int('The maximum number of tokens allowed for the generated answer.'),
      temperature: num('Sampling temperature, between 0 and 2.'),
      top_p: num('Nucleus sampling probability mass.'),
      n: int('How many chat completion choices to generate.'),
      stream: bool('Whether to send partial message deltas as server-sent events.'),
      stop: stringOrStrings('Up to 4 sequences where the API will stop generating further tokens.'),
      user: str('A unique identifier representing your end user.'),
    },
    ['messages'],
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
  audioRequest: obj(
    {
      file: { type: 'string', format: 'binary', description: 'The audio file object.' },
      prompt: str('Optional text to guide the model.'),
      response_format: { type: 'string', enum: ['json', 'text', 'srt', 'verbose_json', 'vtt'] },
      temperature: num('Sampling temperature, between 0 and 1.'),
    },
    ['file'],
  ),
  audioResponse: obj({ text: str() }, ['text']),
  imageGenerationsRequest: obj(
    {
      prompt: str('A text description of the desired image(s).'),
      n: int('The number of images to generate.'),
      size: { type: 'string', enum: ['256x256', '512x512', '1792x1024', '1024x1792', '1024x1024'] },
      response_format: { type: 'string', enum: ['url', 'b64_json'] },
      quality: { type: 'string', enum: ['standard', 'hd'] },
      style: { type: 'string', enum: ['vivid', 'natural'] },
      user: str('A unique identifier representing your end user.'),
    },
    ['prompt'],
  ),
  imageGenerationsResponse: obj({ created: int(), data: arr(obj({ url: str(), b64_json: str(), revised_prompt: str() })) }, [
    'created',
    'data',
  ]),
};

/** Which schemas an operation uses, and how its request body is sent. */
const BODIES: Readonly<Record<InferenceOperationKind, { request: string; response: string; contentType: string }>> = {
  completions: { request: 'completionsRequest', response: 'completionsResponse', contentType: 'application/json' },
  embeddings: { request: 'embeddingsRequest', response: 'embeddingsResponse', contentType: 'application/json' },
  chatCompletions: { request: 'chatCompletionsRequest', response: 'chatCompletionsResponse', contentType: 'application/json' },
  transcriptions: { request: 'audioRequest', response: 'audioResponse', contentType: 'multipart/form-data' },
  translations: { request: 'audioRequest', response: 'audioResponse', contentType: 'multipart/form-data' },
  imageGenerations: { request: 'imageGenerationsRequest', response: 'imageGenerationsResponse', contentType: 'application/json' },
};

/** The Azure OpenAI inference API of one GA version, with the `servers` template of the public spec. */
export function buildInferenceSpec(version: InferenceApiVersion): OpenApiV3Document {
  const paths: Record<string, Record<string, unknown>> = {};
  const used = new Set<string>(['errorResponse']);
  for (const op of inferenceOperationsOf(version)) {
    const body = BODIES[op.kind];
    used.add(body.request).add(body.response);
    paths[inferencePath(op)] = {
      post: {
        operationId: op.operationId,
        summary: op.summary,
        parameters: [
          {
            in: 'path',
            name: 'deployment-id',
            required: true,
            schema: { type: 'string' },
            description: 'The name of the model deployment.',
          },
          {
            in: 'query',
            name: 'api-version',
            required: true,
            schema: { type: 'string', example: version },
            description: 'The API version.',
          },
        ],
        requestBody: { required: true, content: { [body.contentType]: { schema: ref(body.request) } } },
        responses: {
          '200': { description: 'OK', content: { 'application/json': { schema: ref(body.response) } } },
          default: { description: 'An error occurred.', content: { 'application/json': { schema: ref('errorResponse') } } },
        },
      },
    };
  }
  // Nested references (usage, chatMessage) come along with the schemas that use them.
  for (const name of [...used]) for (const nested of referencedSchemas(SCHEMAS[name])) used.add(nested);
  const schemas = Object.fromEntries(Object.entries(SCHEMAS).filter(([name]) => used.has(name)));
  return {
    openapi: '3.0.1',
    info: { title: 'Azure OpenAI Service API', version, description: `Azure OpenAI inference API, GA version ${version}.` },
    servers: [{ url: INFERENCE_SERVER_TEMPLATE, variables: { endpoint: { default: 'your-resource-name.openai.azure.com' } } }],
    security: [{ apiKey: [] }],
    paths,
    components: { schemas, securitySchemes: { apiKey: { type: 'apiKey', name: 'api-key', in: 'header' } } },
  };
}

function referencedSchemas(schema: unknown): string[] {
  const json = JSON.stringify(schema ?? {});
  return [...json.matchAll(/"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]);
}
