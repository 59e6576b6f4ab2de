/**
 * The Azure OpenAI surface of the mock: `/aoai/{account}/openai/deployments/{deployment}/{chat/completions|embeddings}`
 * for the Cognitive Services accounts in the store. Authenticates like Azure OpenAI: an account key in `api-key`, or a
 * Microsoft Entra bearer token whose principal holds an inference role on the account or a scope above it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SandboxContext } from '../context';
import { readBody } from '../httpBody';
import { COGNITIVE_SERVICES_RESOURCE, OPENAI_INFERENCE_ROLE_IDS, principalHoldsRole, verifyManagedIdentityToken } from '../managedIdentity';
import type { ArmResource } from '../store';
import { memo } from '../storeMemo';
import { MALFORMED_JSON, parseJson } from './chatRequest';
import { sendAzureError } from './errors';
import { bearerToken, matchesAnyKey } from './keyCheck';
import { answerModelCall, headerValue, sendProblem } from './openAiCompatible';
import { setRegionHeader } from './region';

export const OPERATIONS = { 'chat/completions': 'chat', embeddings: 'embeddings' } as const;
export type Operation = (typeof OPERATIONS)[keyof typeof OPERATIONS];

export const INVALID_KEY =
  'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.';
const INVALID_TOKEN = `Unauthorized. Access token is missing, invalid, audience is incorrect (${COGNITIVE_SERVICES_RESOURCE}), or have expired.`;
export const DEPLOYMENT_NOT_FOUND =
  'The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.';

/** `/aoai/{account}/openai/deployments/{deployment}/{operation}` */
const PATH = /^\/aoai\/([^/]+)\/openai\/deployments\/([^/]+)\/(chat\/completions|embeddings)\/?$/i;

export async function handleAzureOpenAi(req: IncomingMessage, res: ServerResponse, url: URL, ctx: SandboxContext): Promise<void> {
  const match = PATH.exec(url.pathname);
  const account = match ? findAccount(ctx, decodeURIComponent(match[1])) : undefined;
  const apiVersion = url.searchParams.get('api-version');
  if (!match || !account || req.method !== 'POST' || !apiVersion) return sendAzureError(res, 404, '404', 'Resource not found');
  setRegionHeader(res, account.location);
  if (!isSupportedApiVersion(apiVersion)) return sendAzureError(res, 400, 'BadRequest', 'API version not supported');
  const operation = OPERATIONS[match[3].toLowerCase() as keyof typeof OPERATIONS];

  const denied = authenticate(req, ctx, account, operation);
  if (denied) return sendAzureError(res, 401, denied.code, denied.message);

  const deployment = ctx.store.get(`${account.id}/deployments/${decodeURIComponent(match[2])}`);
  if (!deployment) return sendAzureError(res, 404, 'DeploymentNotFound', DEPLOYMENT_NOT_FOUND);
  const model = deploymentModel(deployment);

  const body = parseJson(await readBody(req));
  if (body === undefined) return sendProblem(res, MALFORMED_JSON);
  return answerModelCall(res, body, operation, model);
}

export function findAccount(ctx: SandboxContext, name: string): ArmResource | undefined {
  const byName = memo(
    ctx.store,
    'model:accounts',
    () => new Map(ctx.store.ofType('Microsoft.CognitiveServices/accounts').map((a) => [a.name.toLowerCase(), a])),
  );
  return byName.get(name.toLowerCase());
}

/** Stable 2022-12-01 and later, and the previews: Azure answers 400 for a well-formed but unknown version. */
const STABLE_VERSIONS = new Set(['2022-12-01', '2023-05-15', '2024-02-01', '2024-06-01', '2024-10-21', '2025-04-01', '2025-06-01']);
function isSupportedApiVersion(v: string): boolean {
  return STABLE_VERSIONS.has(v) || /^20(2[3-9])-\d{2}-\d{2}-preview$/.test(v);
}

export interface Denial {
  readonly code: string;
  readonly message: string;
}

/**
 * Key or Entra token. `keyAsBearer`: the v1 surface also takes an account key as `Authorization: Bearer <key>`, which
 * is what the OpenAI SDKs send when given an `apiKey`.
 */
export function authenticate(
  req: IncomingMessage,
  ctx: SandboxContext,
  account: ArmResource,
  operation: Operation | 'responses' | 'models',
  keyAsBearer = false,
): Denial | undefined {
  const apiKey = headerValue(req.headers['api-key']);
  if (apiKey !== undefined) return matchesAnyKey(apiKey, accountKeys(account)) ? undefined : { code: '401', message: INVALID_KEY };
  const token = bearerToken(req.headers.authorization);
  if (!token) return { code: '401', message: INVALID_KEY };
  if (keyAsBearer && matchesAnyKey(token, accountKeys(account))) return undefined;
  const verified = verifyManagedIdentityToken(ctx, token);
  if (!verified || verified.audience !== COGNITIVE_SERVICES_RESOURCE) return { code: '401', message: INVALID_TOKEN };
  if (principalHoldsRole(ctx.store, verified.principalId, account.id, OPENAI_INFERENCE_ROLE_IDS)) return undefined;
  const path = operation === 'chat' ? 'chat/completions' : operation;
  return {
    code: 'PermissionDenied',
    message: `The principal \`${verified.principalId}\` lacks the required data action \`Microsoft.CognitiveServices/accounts/OpenAI/deployments/${path}/action\` to perform \`POST /openai/deployments/{deployment-id}/${path}\` operation.`,
  };
}

/** An account's keys: the ARM emulator keeps them in `secrets` (they are returned only by `listKeys`). */
function accountKeys(account: ArmResource): string[] {
  return [account.secrets?.key1, account.secrets?.key2].filter((k): k is string => typeof k === 'string' && k !== '');
}

/** The model name a deployment serves, as Azure reports it in responses (`gpt-4o-2024-08-06`). */
export function deploymentModel(deployment: ArmResource): string {
  const model = deployment.properties.model as { name?: unknown; version?: unknown } | undefined;
  const name = typeof model?.name === 'string' ? model.name : deployment.name;
  const version = typeof model?.version === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(model.version) ? model.version : undefined;
  return version ? `${name}-${version}` : name;
}
