/** The OpenAI-compatible surfaces of the mock: `/openai/v1` (OpenAI-like) and `/gemini/v1beta/openai` (Gemini-like). */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SandboxContext } from '../context';
import { readBody } from '../httpBody';
import { findModel, modelsOf, type Surface } from './catalog';
import { isProblem, MALFORMED_JSON, parseChatRequest, parseJson, type RequestProblem } from './chatRequest';
import { complete } from './completion';
import { embeddingsBody, parseEmbeddingsRequest } from './embeddings';
import { sendJson, sendOpenAiError } from './errors';
import { bearerToken, matchesAnyKey } from './keyCheck';
import { sendCompletion } from './respond';

const MISSING_KEY =
  "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).";

export async function handleOpenAiCompatible(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: SandboxContext,
  surface: Surface,
  path: string,
): Promise<void> {
  const presented = bearerToken(req.headers.authorization) ?? headerValue(req.headers['api-key']);
  if (!presented) return sendOpenAiError(res, 401, MISSING_KEY);
  if (!matchesAnyKey(presented, [ctx.modelKey])) {
    return sendOpenAiError(res, 401, 'Incorrect API key provided.', { code: 'invalid_api_key' });
  }

  const route = `${req.method ?? 'GET'} ${path.replace(/\/+$/, '')}`;
  if (route === 'GET /models') {
    return sendJson(res, 200, {
      object: 'list',
      data: modelsOf(surface).map((m) => ({ id: m.id, object: 'model', created: 1715367049, owned_by: m.ownedBy })),
    });
  }
  if (route !== 'POST /chat/completions' && route !== 'POST /embeddings') {
    return sendOpenAiError(res, 404, `Invalid URL (${req.method ?? 'GET'} ${path})`, { code: null });
  }

  const body = parseJson(await readBody(req));
  if (body === undefined) return sendProblem(res, MALFORMED_JSON);
  const modelName = typeof (body as { model?: unknown }).model === 'string' ? (body as { model: string }).model : undefined;
  if (!modelName) return sendProblem(res, { message: 'you must provide a model parameter', param: null, code: null });
  const model = findModel(surface, modelName);
  const wantedKind = route === 'POST /embeddings' ? 'embeddings' : 'chat';
  if (!model || model.kind !== wantedKind) {
    return sendOpenAiError(res, 404, `The model \`${modelName}\` does not exist or you do not have access to it.`, {
      code: 'model_not_found',
    });
  }

  return answerModelCall(res, body, wantedKind, modelName);
}

/** Answers a JSON body the way model `model` does: embeddings, or a chat completion (streamed or not). */
export function answerModelCall(res: ServerResponse, body: unknown, kind: 'chat' | 'embeddings', model: string): void | Promise<void> {
  if (kind === 'embeddings') {
    const request = parseEmbeddingsRequest(body);
    return isProblem(request) ? sendProblem(res, request) : sendJson(res, 200, embeddingsBody(request, model));
  }
  const request = parseChatRequest(body);
  if (isProblem(request)) return sendProblem(res, request);
  return sendCompletion(res, complete(request, model), request.stream, request.includeUsage);
}

export function sendProblem(res: ServerResponse, problem: RequestProblem): void {
  sendOpenAiError(res, 400, problem.message, { param: problem.param, code: problem.code });
}

export function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
