/**
 * The Azure AI Content Safety data plane of the mock, under an account's endpoint (`/aoai/{account}/contentsafety/…`,
 * api-versions 2023-10-01 and 2024-09-01): `text:analyze` (harm categories with severities, blocklist matches),
 * `text:shieldPrompt` (user prompt attacks), and text blocklists (create, list, add items). Accounts of kind
 * ContentSafety, AIServices or CognitiveServices answer; authentication is an account key in
 * `Ocp-Apim-Subscription-Key`, or a Microsoft Entra token whose principal holds Cognitive Services User (or Azure AI
 * User) on the account or above. The verdicts follow the fixed rules of contentSafetyRules.ts.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { TYPES } from '../arm/ids';
import type { SandboxContext } from '../context';
import { readBody } from '../httpBody';
import { COGNITIVE_SERVICES_RESOURCE, principalHoldsRole, verifyManagedIdentityToken } from '../managedIdentity';
import type { ArmResource } from '../store';
import { parseJson } from './chatRequest';
import { HARM_CATEGORIES, isPromptAttack, parseCategory, severityOf, type HarmCategory } from './contentSafetyRules';
import { sendAzureError, sendJson } from './errors';
import { bearerToken, matchesAnyKey } from './keyCheck';

/** Roles whose data actions include `Microsoft.CognitiveServices/accounts/ContentSafety/*`. */
export const CONTENT_SAFETY_ROLE_IDS: readonly string[] = [
  'a97b65f3-24c7-4388-baec-2e87135dc908', // Cognitive Services User
  '53ca6127-db72-4b80-b1b0-d745d6d5456d', // Azure AI User
];
const KINDS = ['ContentSafety', 'AIServices', 'CognitiveServices'];
const API_VERSIONS = ['2023-10-01', '2024-09-01'];
export const MAX_TEXT_LENGTH = 10_000;

const PATH =
  /^\/aoai\/([^/]+)\/contentsafety\/(text:analyze|text:shieldPrompt|text\/blocklists(?:\/([^/:]+)(:addOrUpdateBlocklistItems)?)?)$/i;

export const isContentSafetyPath = (path: string): boolean => /^\/aoai\/[^/]+\/contentsafety\//i.test(path);

export async function handleContentSafety(req: IncomingMessage, res: ServerResponse, url: URL, ctx: SandboxContext): Promise<void> {
  const m = PATH.exec(decodeURIComponent(url.pathname));
  const account = m ? findAccount(ctx, m[1]) : undefined;
  if (!m || !account) return sendAzureError(res, 404, '404', 'Resource not found');
  const apiVersion = url.searchParams.get('api-version');
  if (!apiVersion || !API_VERSIONS.includes(apiVersion)) {
    return sendAzureError(res, 404, '404', 'Resource not found');
  }
  const denied = authenticate(req, ctx, account);
  if (denied) return sendAzureError(res, 401, denied.code, denied.message);
  const method = req.method ?? 'GET';
  const body = method === 'GET' ? undefined : parseJson(await readBody(req));
  const op = m[2].toLowerCase();
  if (op === 'text:analyze' && method === 'POST') return analyze(res, ctx, account, body);
  if (op === 'text:shieldprompt' && method === 'POST') return shieldPrompt(res, body);
  if (op === 'text/blocklists' && method === 'GET') {
    return sendJson(res, 200, { value: ctx.store.children(account.id, 'textBlocklists').map(renderBlocklist) });
  }
  if (m[3] && !m[4] && method === 'PATCH') return upsertBlocklist(res, ctx, account, m[3], body);
  if (m[3] && !m[4] && method === 'GET') {
    const list = ctx.store.get(`${account.id}/textBlocklists/${m[3]}`);
    return list ? sendJson(res, 200, renderBlocklist(list)) : sendAzureError(res, 404, 'NotFound', `Blocklist '${m[3]}' does not exist.`);
  }
  if (m[3] && m[4] && method === 'POST') return addItems(res, ctx, account, m[3], body);
  sendAzureError(res, 404, '404', 'Resource not found');
}

function findAccount(ctx: SandboxContext, name: string): ArmResource | undefined {
  return ctx.store.ofType(TYPES.account).find((a) => a.name.toLowerCase() === name.toLowerCase() && KINDS.includes(a.kind ?? ''));
}

function authenticate(req: IncomingMessage, ctx: SandboxContext, account: ArmResource): { code: string; message: string } | undefined {
  const keyHeader = req.headers['ocp-apim-subscription-key'];
  const key = Array.isArray(keyHeader) ? keyHeader[0] : keyHeader;
  const invalidKey = {
    code: '401',
    message:
      'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.',
  };
  if (key !== undefined) {
    return matchesAnyKey(key, [account.secrets?.key1 ?? '', account.secrets?.key2 ?? '']) ? undefined : invalidKey;
  }
  const token = bearerToken(req.headers.authorization);
  if (!token) return invalidKey;
  const verified = verifyManagedIdentityToken(ctx, token);
  if (!verified || verified.audience !== COGNITIVE_SERVICES_RESOURCE) {
    return {
      code: '401',
      message: `Unauthorized. Access token is missing, invalid, audience is incorrect (${COGNITIVE_SERVICES_RESOURCE}), or have expired.`,
    };
  }
  if (principalHoldsRole(ctx.store, verified.principalId, account.id, CONTENT_SAFETY_ROLE_IDS)) return undefined;
  return {
    code: 'PermissionDenied',
    message: `The principal \`${verified.principalId}\` lacks the required data action \`Microsoft.CognitiveServices/accounts/ContentSafety/text:analyze/action\` to perform \`POST /contentsafety/text:analyze\` operation.`,
  };
}

const invalidBody = (res: ServerResponse, message: string): void => sendAzureError(res, 400, 'InvalidRequestBody', message);

function analyze(res: ServerResponse, ctx: SandboxContext, account: ArmResource, body: unknown): void {
  const b = (body ?? {}) as Record<string, unknown>;
  if (typeof b.text !== 'string' || b.text === '') return invalidBody(res, "The field 'text' is required.");
  if (b.text.length > MAX_TEXT_LENGTH) return invalidBody(res, `The text is longer than ${MAX_TEXT_LENGTH} characters.`);
  const outputType = b.outputType ?? 'FourSeverityLevels';
  if (outputType !== 'FourSeverityLevels' && outputType !== 'EightSeverityLevels') {
    return invalidBody(res, "'outputType' must be 'FourSeverityLevels' or 'EightSeverityLevels'.");
  }
  const requested = Array.isArray(b.categories) ? b.categories.map((c) => parseCategory(String(c))) : [...HARM_CATEGORIES];
  if (requested.some((c) => c === undefined)) return invalidBody(res, "'categories' may contain Hate, SelfHarm, Sexual and Violence.");
  const names = Array.isArray(b.blocklistNames) ? b.blocklistNames.map(String) : [];
  const lists: ArmResource[] = [];
  for (const name of names) {
    const list = ctx.store.get(`${account.id}/textBlocklists/${name}`);
    if (!list) return sendAzureError(res, 404, 'NotFound', `Blocklist '${name}' does not exist.`);
    lists.push(list);
  }
  const lower = b.text.toLowerCase();
  const blocklistsMatch = lists.flatMap((list) =>
    itemsOf(list)
      .filter((i) => i.text !== '' && lower.includes(i.text.toLowerCase()))
      .map((i) => ({ blocklistName: list.name, blocklistItemId: i.blocklistItemId, blocklistItemText: i.text })),
  );
  const categoriesAnalysis = (requested as HarmCategory[]).map((category) => ({
    category,
    severity: severityOf(b.text as string, category),
  }));
  sendJson(res, 200, { blocklistsMatch, categoriesAnalysis });
}

function shieldPrompt(res: ServerResponse, body: unknown): void {
  const b = (body ?? {}) as Record<string, unknown>;
  if (typeof b.userPrompt !== 'string') return invalidBody(res, "The field 'userPrompt' is required.");
  const documents = Array.isArray(b.documents) ? b.documents.map(String) : [];
  if ([b.userPrompt, ...documents].join('').length > MAX_TEXT_LENGTH) {
    return invalidBody(res, `The input is longer than ${MAX_TEXT_LENGTH} characters.`);
  }
  sendJson(res, 200, {
    userPromptAnalysis: { attackDetected: isPromptAttack(b.userPrompt) },
    documentsAnalysis: documents.map((d) => ({ attackDetected: isPromptAttack(d) })),
  });
}

interface BlocklistItem {
  readonly blocklistItemId: string;
  readonly text: string;
  readonly description: string;
}

const itemsOf = (list: ArmResource): BlocklistItem[] => (list.properties.items ?? []) as BlocklistItem[];
const renderBlocklist = (list: ArmResource): Record<string, unknown> => ({
  blocklistName: list.name,
  description: list.properties.description ?? '',
});

function upsertBlocklist(res: ServerResponse, ctx: SandboxContext, account: ArmResource, name: string, body: unknown): void {
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(name)) {
    return invalidBody(res, 'A blocklist name has 1 to 64 letters, digits, dots, dashes or underscores.');
  }
  const existing = ctx.store.get(`${account.id}/textBlocklists/${name}`);
  const description = (body as { description?: unknown } | undefined)?.description;
  const stored = ctx.store.put({
    id: `${account.id}/textBlocklists/${name}`,
    name,
    type: TYPES.blocklist,
    properties: { description: typeof description === 'string' ? description : '', items: existing?.properties.items ?? [] },
  });
  sendJson(res, existing ? 200 : 201, renderBlocklist(stored));
}

function addItems(res: ServerResponse, ctx: SandboxContext, account: ArmResource, name: string, body: unknown): void {
  const list = ctx.store.get(`${account.id}/textBlocklists/${name}`);
  if (!list) return sendAzureError(res, 404, 'NotFound', `Blocklist '${name}' does not exist.`);
  const raw = (body as { blocklistItems?: unknown } | undefined)?.blocklistItems;
  if (!Array.isArray(raw) || raw.length === 0 || raw.some((i) => typeof (i as { text?: unknown })?.text !== 'string')) {
    return invalidBody(res, "'blocklistItems' must be a non-empty list of items with 'text'.");
  }
  const added = (raw as Array<{ text: string; description?: unknown }>).map((i) => ({
    blocklistItemId: randomUUID(),
    text: i.text,
    description: typeof i.description === 'string' ? i.description : '',
  }));
  ctx.store.put({ ...list, properties: { ...list.properties, items: [...itemsOf(list), ...added] } });
  sendJson(res, 200, { blocklistItems: added });
}
