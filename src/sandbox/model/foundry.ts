/**
 * The model-in-the-body surfaces of a Cognitive Services account (Microsoft Foundry's "client compatibility" choices):
 * - Azure OpenAI v1: `/aoai/{account}/openai/v1/{chat/completions|responses|embeddings|models}`, no `api-version`
 *   needed (`preview`/`latest` accepted), the deployment name in `model`; an account key may come as `api-key` or as
 *   `Authorization: Bearer <key>` (what the OpenAI SDKs send), or an Entra token with an inference role.
 * - Azure AI model inference: `/aoai/{account}/models/{chat/completions|embeddings}?api-version=…`, the deployment name
 *   in `model`.
 * Only OpenAI and AIServices accounts have them; a model name the account has no deployment of is refused.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SandboxContext } from '../context';
import { readBody } from '../httpBody';
import type { ArmResource } from '../store';
import { answerWithHistory } from './answer';
import { authenticate, DEPLOYMENT_NOT_FOUND, deploymentModel, findAccount, type Operation } from './azureOpenAi';
import { isProblem, MALFORMED_JSON, parseChatRequest, parseJson } from './chatRequest';
import { complete } from './completion';
import { embeddingsBody, parseEmbeddingsRequest } from './embeddings';
import { sendAzureError, sendJson } from './errors';
import { sendProblem } from './openAiCompatible';
import { setRegionHeader } from './region';
import { answerResponses, parseResponsesRequest } from './responses';
import { sendCompletion } from './respond';

const V1 = /^\/aoai\/([^/]+)\/openai\/v1\/(chat\/completions|responses|embeddings|models)\/?$/i;
const INFERENCE = /^\/aoai\/([^/]+)\/models\/(chat\/completions|embeddings)\/?$/i;

/** v1 takes no version, or the aliases; the model inference API its dated versions (unverified beyond these). */
const V1_VERSIONS = new Set(['preview', 'latest']);
const INFERENCE_VERSIONS = new Set(['2024-05-01-preview', '2024-08-01-preview', '2025-04-01', '2025-05-01']);

export function isFoundrySurfacePath(path: string): boolean {
  return V1.test(path) || INFERENCE.test(path);
}

export async function handleFoundrySurface(req: IncomingMessage, res: ServerResponse, url: URL, ctx: SandboxContext): Promise<void> {
  const v1 = V1.exec(url.pathname);
  const match = v1 ?? INFERENCE.exec(url.pathname);
  const account = match ? findAccount(ctx, decodeURIComponent(match[1])) : undefined;
  if (!match || !account || !hasModelSurfaces(account)) return sendAzureError(res, 404, '404', 'Resource not found');
  const operation = match[2].toLowerCase() as 'chat/completions' | 'responses' | 'embeddings' | 'models';
  const method = req.method ?? 'GET';
  if ((operation === 'models') !== (method === 'GET') || (operation !== 'models' && method !== 'POST')) {
    return sendAzureError(res, 404, '404', 'Resource not found');
  }
  setRegionHeader(res, account.location);
  const apiVersion = url.searchParams.get('api-version');
  if (v1 ? apiVersion !== null && !V1_VERSIONS.has(apiVersion) : apiVersion === null || !INFERENCE_VERSIONS.has(apiVersion)) {
    return sendAzureError(res, 400, 'BadRequest', 'API version not supported');
  }
  const authOperation: Operation | 'responses' | 'models' =
    operation === 'chat/completions' ? 'chat' : operation === 'embeddings' ? 'embeddings' : operation;
  const denied = authenticate(req, ctx, account, authOperation, v1 !== null);
  if (denied) return sendAzureError(res, 401, denied.code, denied.message);

  const deployments = ctx.store.children(account.id, 'deployments');
  if (operation === 'models') {
    return sendJson(res, 200, {
      object: 'list',
      data: deployments.map((d) => ({ id: d.name, object: 'model', created: 1715367049, owned_by: 'system', model: deploymentModel(d) })),
    });
  }

  const body = parseJson(await readBody(req));
  if (body === undefined) return sendProblem(res, MALFORMED_JSON);
  const named: unknown = typeof body === 'object' && body !== null ? (body as Record<string, unknown>).model : undefined;
  const name = typeof named === 'string' ? named : '';
  const deployment = deployments.find((d) => d.name.toLowerCase() === name.toLowerCase());
  if (!deployment) {
    if (v1) return sendAzureError(res, 404, 'DeploymentNotFound', DEPLOYMENT_NOT_FOUND);
    const message = name === '' ? 'Missing required parameter: model' : `Unknown model: ${name}`;
    return sendJson(res, 400, { error: { code: 'unknown_model', message, details: message } });
  }
  const model = deploymentModel(deployment);
  const embeddingModel = /embedding/i.test(model);
  if (embeddingModel !== (operation === 'embeddings')) {
    const kind = operation === 'embeddings' ? 'embeddings' : operation === 'responses' ? 'responses' : 'chatCompletion';
    return sendAzureError(
      res,
      400,
      'OperationNotSupported',
      `The ${kind} operation does not work with the specified model, ${model}. Please choose different model and try again.`,
    );
  }

  if (operation === 'embeddings') {
    const request = parseEmbeddingsRequest(body);
    return isProblem(request) ? sendProblem(res, request) : sendJson(res, 200, embeddingsBody(request, model));
  }
  if (operation === 'responses') {
    const request = parseResponsesRequest(body);
    return isProblem(request) ? sendProblem(res, request) : answerResponses(res, ctx, request, model);
  }
  const request = parseChatRequest(body);
  if (isProblem(request)) return sendProblem(res, request);
  return sendCompletion(res, complete(request, model, Date.now(), answerWithHistory), request.stream, request.includeUsage);
}

/** The v1 and model inference surfaces exist on OpenAI and AIServices accounts only. */
function hasModelSurfaces(account: ArmResource): boolean {
  const kind = typeof account.kind === 'string' ? account.kind.toLowerCase() : '';
  return kind === 'openai' || kind === 'aiservices';
}
