/**
 * Replays one official REST API example against the sandbox: maps the example's ids (subscription, resource group,
 * service, account) onto the demo seed, creates what the example presupposes (the entity a GET, PATCH or DELETE
 * names, its parents, the entities the request body refers to, the items a list shows), sends the request as the
 * example gives it, and returns the sandbox's answer for comparison.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { HttpResult, SandboxHarness } from '../integration/helpers/sandbox';
import { DEMO_NAMES } from '../integration/helpers/sandbox';

export interface Example {
  readonly name: string;
  readonly source: string;
  readonly commit: string;
  readonly operationId: string;
  readonly method: string;
  readonly path: string;
  readonly parameters: Record<string, unknown>;
  readonly responses: Record<string, { body?: unknown; headers?: Record<string, string> }>;
}

/** Every example file under `examples/<provider>/`, sorted by name. */
export function loadExamples(root: string): Example[] {
  const out: Example[] = [];
  for (const dir of readdirSync(root, { withFileTypes: true })) {
    if (!dir.isDirectory()) continue;
    for (const file of readdirSync(join(root, dir.name)).filter((f) => f.endsWith('.json'))) {
      const data = JSON.parse(readFileSync(join(root, dir.name, file), 'utf8')) as Omit<Example, 'name'>;
      out.push({ ...data, name: file.replace(/\.json$/, '') });
    }
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

/** How the examples' ids map onto the demo seed. */
interface Mapping {
  readonly subscription: string;
  readonly replace: ReadonlyArray<readonly [RegExp, string]>;
  readonly params: Readonly<Record<string, string>>;
}

function mappingFor(sb: SandboxHarness, example: Example, links: ReadonlyMap<string, string>): Mapping {
  const sub = sb.connection.subscriptionIds[0];
  const { resourceGroup: rg, service } = DEMO_NAMES.aiGateway;
  const models = DEMO_NAMES.models;
  const text = (v: unknown): string => (typeof v === 'string' ? v : '');
  const exSub =
    text(example.parameters.subscriptionId) ||
    (/subscriptions\/([^/]+)/.exec(text(example.parameters.scope ?? example.parameters.roleAssignmentId))?.[1] ?? '');
  const replace: Array<readonly [RegExp, string]> = [];
  if (exSub) replace.push([new RegExp(`(^|/)subscriptions/${exSub}`, 'gi'), `$1subscriptions/${sub}`]);
  replace.push([/\/resourceGroups\/rg1\//gi, `/resourceGroups/${rg}/`], [/\/service\/apimService1(?=\/|$)/gi, `/service/${service}`]);
  // The Authorization examples' resource (a Cosmos DB account) becomes a resource the seed has.
  replace.push([
    /\/resourceGroups\/testrg\/providers\/Microsoft\.DocumentDb\/databaseAccounts\/test-db-account/gi,
    `/resourceGroups/${models.resourceGroup}/providers/Microsoft.CognitiveServices/accounts/${models.openai}`,
  ]);
  replace.push([/\/resourceGroups\/testrg(?=\/|$)/gi, `/resourceGroups/${rg}`]);
  for (const [url, local] of links) replace.push([new RegExp(`^${url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`), local]);
  const params: Record<string, string> = { subscriptionId: sub, resourceGroupName: rg, serviceName: service };
  if (example.source.includes('/cognitiveservices/')) {
    Object.assign(params, { resourceGroupName: models.resourceGroup, accountName: models.openai, deploymentName: 'gpt-4o' });
  }
  return { subscription: sub, replace, params };
}

function mapString(m: Mapping, s: string): string {
  return m.replace.reduce((acc, [re, to]) => acc.replace(re, to), s);
}

export function mapDeep<T>(m: Mapping, value: T): T {
  if (typeof value === 'string') return mapString(m, value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => mapDeep(m, v)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [mapString(m, k), mapDeep(m, v)])) as T;
  }
  return value;
}

export interface Replayed {
  readonly status: number;
  readonly body: unknown;
  readonly headers: HttpResult['headers'];
}

const BODY_PARAMS = new Set(['parameters', 'If-Match', 'api-version']);

export async function replay(sb: SandboxHarness, example: Example, links: ReadonlyMap<string, string>): Promise<Replayed> {
  const m = mappingFor(sb, example, links);
  const values = { ...mapDeep(m, example.parameters), ...m.params } as Record<string, unknown>;
  const used = new Set<string>();
  let path = example.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    used.add(name);
    const v = String(values[name]);
    // `{scope}` and `{roleAssignmentId}` are paths of their own (subscriptions/.../resourceGroups/...); other parameters are one segment.
    return name === 'scope' || name === 'roleAssignmentId' ? v.replace(/^\//, '') : encodeURIComponent(v);
  });
  path = path.replace(/^\/\//, '/');
  const query = new URLSearchParams({ 'api-version': String(example.parameters['api-version']) });
  for (const [k, v] of Object.entries(example.parameters)) {
    if (!used.has(k) && !BODY_PARAMS.has(k) && ['string', 'boolean', 'number'].includes(typeof v)) query.set(k, String(v));
  }
  const body = values.parameters;
  await prepare(sb, example, path, body, m);
  const headers: Record<string, string> = {};
  if (typeof example.parameters['If-Match'] === 'string') headers['If-Match'] = example.parameters['If-Match'];
  const r = await sb.arm(`${path}?${query.toString()}`, {
    method: example.method,
    headers,
    ...(body === undefined && example.method !== 'PUT' && example.method !== 'PATCH' ? {} : { body: body ?? {} }),
  });
  return { status: r.status, body: r.text === '' ? undefined : (JSON.parse(r.text) as unknown), headers: r.headers };
}

const APIM_VERSION = '2024-05-01';
const MINIMAL_POLICY = '<policies><inbound /><backend><forward-request /></backend><outbound /></policies>';

/** What the example presupposes exists, created through the sandbox's own ARM API (so its validation applies). */
async function prepare(sb: SandboxHarness, example: Example, path: string, body: unknown, m: Mapping): Promise<void> {
  const entity = apimEntities(path);
  // Parents always; the entity itself unless the example creates it.
  const last = entity.length - 1;
  for (let i = 0; i < entity.length; i++) {
    if (i === last && example.method === 'PUT') break;
    // The entity a GET, HEAD or PATCH names is created as the example's answer shows it (for a PATCH, its answer
    // minus the change): what the example's instance held.
    const own = i === last && ['GET', 'HEAD', 'PATCH'].includes(example.method) ? responseProperties(example, m) : undefined;
    await ensure(sb, entity[i], own);
  }
  for (const ref of referencedIds(JSON.stringify(body ?? {}))) await ensure(sb, ref);
  const listed = (mapDeep(m, example.responses['200']?.body) as { value?: unknown } | undefined)?.value;
  if (Array.isArray(listed) && example.method === 'GET') {
    for (const item of listed as Array<{ id?: string; properties?: Record<string, unknown> }>) {
      if (typeof item.id === 'string' && apimEntities(item.id).length > 0) await ensure(sb, item.id, item.properties);
    }
  }
  if (example.source.includes('/authorization/') && example.method !== 'PUT') {
    const answer = mapDeep(m, example.responses['200']?.body) as RoleAssignment | { value?: RoleAssignment[] } | undefined;
    const assignments = answer && 'value' in answer ? (answer.value ?? []) : answer ? [answer as RoleAssignment] : [];
    for (const ra of assignments) {
      await sb.arm(`${ra.id}?api-version=2022-04-01`, {
        method: 'PUT',
        body: { properties: { roleDefinitionId: ra.properties.roleDefinitionId, principalId: ra.properties.principalId } },
      });
    }
  }
  if (example.method === 'PUT' && /\/apis\/[^/]+$/.test(path)) await freePath(sb, path, body);
  // The products an API list shows are linked to it.
  const apiProducts = /^(.*)\/apis\/([^/]+)\/products$/.exec(path);
  if (apiProducts && Array.isArray(listed)) {
    for (const item of listed as Array<{ name: string }>) {
      await sb.arm(`${apiProducts[1]}/products/${item.name}/apis/${apiProducts[2]}?api-version=${APIM_VERSION}`, { method: 'PUT' });
    }
  }
}

interface RoleAssignment {
  readonly id: string;
  readonly properties: Record<string, unknown>;
}

/** The example's instance had no other API at the path it creates one at: a seeded API there is removed first. */
async function freePath(sb: SandboxHarness, path: string, body: unknown): Promise<void> {
  const wanted = (body as { properties?: { path?: unknown } } | undefined)?.properties?.path;
  if (typeof wanted !== 'string') return;
  const service = path.slice(0, path.lastIndexOf('/apis/'));
  const name = decodeURIComponent(path.slice(path.lastIndexOf('/') + 1)).replace(/;rev=\d+$/i, '');
  const list = await sb.arm(`${service}/apis?api-version=${APIM_VERSION}`);
  for (const api of list.json<{ value: Array<{ name: string; properties: { path: string } }> }>().value) {
    if (api.properties.path.toLowerCase() === wanted.toLowerCase() && api.name.toLowerCase() !== name.toLowerCase()) {
      await sb.arm(`${service}/apis/${encodeURIComponent(api.name)}?api-version=${APIM_VERSION}`, {
        method: 'DELETE',
        headers: { 'If-Match': '*' },
      });
    }
  }
}

/** The APIM entity ids a path goes through, parents first: `.../apis/a`, `.../apis/a/operations/o`, ... */
function apimEntities(path: string): string[] {
  const m = /^(\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.ApiManagement\/service\/[^/]+)(\/.*)?$/i.exec(
    path.split('?')[0],
  );
  if (!m?.[2]) return [];
  const segments = m[2].split('/').filter(Boolean);
  const out: string[] = [];
  let id = m[1];
  for (let i = 0; i + 1 < segments.length; i += 2) {
    if (!COLLECTIONS.has(segments[i])) break;
    id += `/${segments[i]}/${segments[i + 1]}`;
    out.push(id);
  }
  return out;
}

/** Ids of emulated entities in a text (pool members, clone sources, subscription scopes). */
function referencedIds(text: string): string[] {
  const ids = new Set<string>();
  for (const match of text.matchAll(
    /\/subscriptions\/[^/"]+\/resourceGroups\/[^/"]+\/providers\/Microsoft\.ApiManagement\/service\/[^/"]+\/(apis|backends|products|users|apiVersionSets)\/[^/"]+/gi,
  )) {
    ids.add(match[0]);
  }
  return [...ids];
}

const COLLECTIONS = new Set([
  'apis',
  'operations',
  'backends',
  'namedValues',
  'products',
  'subscriptions',
  'policies',
  'users',
  'apiVersionSets',
]);
const READ_ONLY = ['provisioningState', 'isOnline', 'createdDate', 'apiVersionSet', 'lastStatus'];

function responseProperties(example: Example, m: Mapping): Record<string, unknown> | undefined {
  const body = mapDeep(m, example.responses['200']?.body) as { properties?: Record<string, unknown> } | undefined;
  return body?.properties;
}

/** Creates an entity when it does not exist: a minimal valid body, completed with the example's own properties. */
async function ensure(sb: SandboxHarness, id: string, properties?: Record<string, unknown>): Promise<void> {
  const got = await sb.arm(`${id}?api-version=${APIM_VERSION}`);
  if (got.status === 200 || got.status === 204) return;
  const segments = id.split('/');
  const name = decodeURIComponent(segments[segments.length - 1]);
  const collection = segments[segments.length - 2];
  // A product's API is a link: the API itself comes first.
  const productApi = /^(.*)\/products\/[^/]+\/apis\/[^/]+$/.exec(id);
  if (productApi) {
    await ensure(sb, `${productApi[1]}/apis/${segments[segments.length - 1]}`, properties);
    const linked = await sb.arm(`${id}?api-version=${APIM_VERSION}`, { method: 'PUT' });
    if (linked.status >= 300) throw new Error(`Could not link the example's prerequisite ${id}: ${linked.status} ${linked.text}`);
    return;
  }
  const props = { ...minimal(collection, name), ...withoutReadOnly(properties ?? {}) };
  for (const ref of referencedIds(JSON.stringify(props))) if (ref.toLowerCase() !== id.toLowerCase()) await ensure(sb, ref);
  const r = await sb.arm(`${id}?api-version=${APIM_VERSION}`, { method: 'PUT', body: { properties: props } });
  if (r.status >= 300) throw new Error(`Could not create the example's prerequisite ${id}: ${r.status} ${r.text}`);
}

function minimal(collection: string, name: string): Record<string, unknown> {
  switch (collection) {
    case 'apis':
      return { displayName: name, path: `given-${name}`, protocols: ['https'], serviceUrl: 'https://backend.example.com' };
    case 'operations':
      return { displayName: name, method: 'GET', urlTemplate: `/${name}` };
    case 'backends':
      return { url: 'https://backend.example.com', protocol: 'http' };
    case 'namedValues':
      return { displayName: name.replace(/[^A-Za-z0-9._-]/g, '-'), value: 'value' };
    case 'products':
      return { displayName: name };
    case 'subscriptions':
      return { displayName: name, scope: '/apis' };
    case 'policies':
      return { format: 'xml', value: MINIMAL_POLICY };
    case 'apiVersionSets':
      return { displayName: name, versioningScheme: 'Segment' };
    case 'users':
      return { email: `${name}@contoso.example`, firstName: 'Given', lastName: name };
    default:
      return {};
  }
}

function withoutReadOnly(props: Record<string, unknown>): Record<string, unknown> {
  const out = Object.fromEntries(Object.entries(props).filter(([k]) => !READ_ONLY.includes(k)));
  if (out.keyVault && typeof out.keyVault === 'object') {
    out.keyVault = Object.fromEntries(Object.entries(out.keyVault).filter(([k]) => !READ_ONLY.includes(k)));
  }
  // A policy's value as stored is an answer, not a request: write the minimal document instead.
  if (typeof out.value === 'string' && out.value.includes('<policies')) out.value = MINIMAL_POLICY;
  return out;
}
