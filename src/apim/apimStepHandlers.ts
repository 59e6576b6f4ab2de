/**
 * Executes the APIM plan steps of src/domain/import/apimSteps.ts with the real SDK: reads to inspect, conditional writes
 * (If-None-Match: * to create, If-Match with the ETag read before to update), deletes or restores to undo.
 */
import type {
  ApiContract,
  ApiCreateOrUpdateParameter,
  ApiManagementClient,
  BackendContract,
  NamedValueCreateContract,
  OperationContract,
} from '@azure/arm-apimanagement';
import type {
  ApiPolicyStep,
  ApiStep,
  ApimStep,
  BackendStep,
  NamedValueStep,
  OperationStep,
  ProductApiStep,
} from '../domain/import/apimSteps';
import { PolicyXmlError, mergePolicyXml, normalizePolicyXml } from '../domain/import/policyXml';
import { formatKeyHeaderValue } from '../domain/import/providers';
import { ConflictError, isRestErrorLike } from './errors';
import type { Inspection, JournalEntry, StepContext, StepHandler, StepHandlers } from './importExecutor';

const notFound = (e: unknown): boolean => isRestErrorLike(e) && e.statusCode === 404;

/** The resource or undefined when it does not exist. */
async function getOrUndefined<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (e) {
    if (notFound(e)) return undefined;
    throw e;
  }
}

/** Deleting something already gone is what we wanted anyway. */
async function deleteIgnoringMissing(remove: () => Promise<unknown>): Promise<void> {
  try {
    await remove();
  } catch (e) {
    if (!notFound(e)) throw e;
  }
}

const apim = (ctx: StepContext): Promise<ApiManagementClient> => ctx.clients.apim(ctx.service.subscriptionId);
const at = (ctx: StepContext): [string, string] => [ctx.service.resourceGroup, ctx.service.name];

/**
 * Options of a write: create-only (If-None-Match: *) when the target was absent, else conditional on the ETag read at
 * inspection (If-Match). Long-running writes get no If-None-Match: the SDK sends a call's options again on every poll
 * (a GET), where "If-None-Match: *" would mean "not modified"; the inspection just before is their guard.
 * Writes take no abort signal: a cancelled import lets the writes in flight finish, so that the journal knows
 * everything that exists and a rollback can remove it (an aborted request may still have been applied by ARM).
 */
export function writeOptions(
  inspection: Inspection,
  kind: 'simple' | 'longRunning' = 'simple',
): { ifMatch?: string; requestOptions?: { customHeaders: Record<string, string> } } {
  if (inspection.state === 'different' && inspection.etag) return { ifMatch: inspection.etag };
  return kind === 'simple' ? { requestOptions: { customHeaders: { 'If-None-Match': '*' } } } : {};
}

export const lro = (ctx: StepContext): { updateIntervalInMs: number } => ({ updateIntervalInMs: ctx.pollIntervalMs ?? 1000 });

interface Undo<T> {
  readonly id: string;
  /** What to put back when this run updated rather than created. */
  readonly previous?: T;
}

function secretValue(step: NamedValueStep, ctx: StepContext): string {
  const key = ctx.secrets.get(step.payload.value.secretRef);
  if (key === undefined) throw new Error(`The key for "${step.payload.namedValueId}" is missing. Enter it again and retry.`);
  return formatKeyHeaderValue(step.payload.value.format, key);
}

export const namedValueHandler: StepHandler<NamedValueStep> = {
  async inspect(step, ctx) {
    const client = await apim(ctx);
    const current = await getOrUndefined(() =>
      client.namedValue.get(...at(ctx), step.payload.namedValueId, { abortSignal: ctx.abortSignal }),
    );
    if (!current) return { state: 'absent' };
    const summary = `A named value "${step.payload.namedValueId}" already exists with another value.`;
    if (current.displayName !== step.payload.displayName || current.secret !== true || current.keyVault) {
      return { state: 'different', etag: current.eTag, summary };
    }
    // Compared in memory only, never logged: an identical secret means an earlier run of this import wrote it.
    const value = (await client.namedValue.listValue(...at(ctx), step.payload.namedValueId, { abortSignal: ctx.abortSignal })).value;
    const key = ctx.secrets.get(step.payload.value.secretRef);
    return key !== undefined && value === formatKeyHeaderValue(step.payload.value.format, key)
      ? { state: 'same' }
      : { state: 'different', etag: current.eTag, summary };
  },
  async apply(step, inspection, ctx): Promise<Undo<NamedValueCreateContract>> {
    const client = await apim(ctx);
    const id = step.payload.namedValueId;
    let previous: NamedValueCreateContract | undefined;
    if (inspection.state === 'different') {
      const current = await client.namedValue.get(...at(ctx), id);
      const value = current.secret ? (await client.namedValue.listValue(...at(ctx), id)).value : current.value;
      previous = {
        displayName: current.displayName,
        secret: current.secret,
        tags: current.tags,
        ...(current.keyVault
          ? { keyVault: { secretIdentifier: current.keyVault.secretIdentifier, identityClientId: current.keyVault.identityClientId } }
          : { value }),
      };
    }
    await client.namedValue.beginCreateOrUpdateAndWait(
      ...at(ctx),
      id,
      { displayName: step.payload.displayName, value: secretValue(step, ctx), secret: true },
      { ...writeOptions(inspection, 'longRunning'), ...lro(ctx) },
    );
    return previous ? { id, previous } : { id };
  },
  async undo(entry, ctx) {
    const client = await apim(ctx);
    const { id, previous } = entry.undo as Undo<NamedValueCreateContract>;
    if (previous) await client.namedValue.beginCreateOrUpdateAndWait(...at(ctx), id, previous, { ifMatch: '*', ...lro(ctx) });
    else await deleteIgnoringMissing(() => client.namedValue.delete(...at(ctx), id, '*'));
  },
};

function backendContract(step: BackendStep): BackendContract {
  const p = step.payload;
  return {
    url: p.url,
    protocol: 'http',
    description: p.description,
    ...(p.credentialsHeader
      ? { credentials: { header: { [p.credentialsHeader.name]: [`{{${p.credentialsHeader.namedValueId}}}`] } } }
      : {}),
  };
}

const trimSlash = (url: string | undefined): string => (url ?? '').replace(/\/+$/, '');

export const backendHandler: StepHandler<BackendStep> = {
  async inspect(step, ctx) {
    const client = await apim(ctx);
    const current = await getOrUndefined(() => client.backend.get(...at(ctx), step.payload.backendId, { abortSignal: ctx.abortSignal }));
    if (!current) return { state: 'absent' };
    const wanted = backendContract(step);
    const same =
      trimSlash(current.url) === trimSlash(wanted.url) &&
      current.protocol === 'http' &&
      JSON.stringify(current.credentials?.header ?? {}) === JSON.stringify(wanted.credentials?.header ?? {});
    return same
      ? { state: 'same' }
      : {
          state: 'different',
          etag: current.eTag,
          summary: `A backend "${step.payload.backendId}" already exists and points to ${current.url ?? 'another URL'}.`,
        };
  },
  async apply(step, inspection, ctx): Promise<Undo<BackendContract>> {
    const client = await apim(ctx);
    const id = step.payload.backendId;
    const previous = inspection.state === 'different' ? withoutArmFields(await client.backend.get(...at(ctx), id)) : undefined;
    await client.backend.createOrUpdate(...at(ctx), id, backendContract(step), writeOptions(inspection));
    return previous ? { id, previous } : { id };
  },
  async undo(entry, ctx) {
    const client = await apim(ctx);
    const { id, previous } = entry.undo as Undo<BackendContract>;
    if (previous) await client.backend.createOrUpdate(...at(ctx), id, previous, { ifMatch: '*' });
    else await deleteIgnoringMissing(() => client.backend.delete(...at(ctx), id, '*'));
  },
};

function apiParameters(step: ApiStep): ApiCreateOrUpdateParameter {
  const p = step.payload;
  return {
    displayName: p.displayName,
    description: p.description,
    path: p.path,
    protocols: ['https'],
    apiType: 'http',
    subscriptionRequired: true,
    subscriptionKeyParameterNames: { header: p.subscriptionKeyHeader, query: 'subscription-key' },
    ...(p.serviceUrl ? { serviceUrl: p.serviceUrl } : {}),
  };
}

/** The API that already serves `path`, if any: two APIs cannot share a path, whatever the user chooses. */
async function apiUsingPath(
  client: ApiManagementClient,
  ctx: StepContext,
  path: string,
  exceptApiId: string,
): Promise<ApiContract | undefined> {
  const wanted = path.toLowerCase();
  for await (const api of client.api.listByService(...at(ctx), { abortSignal: ctx.abortSignal })) {
    if ((api.path ?? '').replace(/^\/+|\/+$/g, '').toLowerCase() === wanted && api.name?.split(';rev=')[0] !== exceptApiId) return api;
  }
  return undefined;
}

export const apiHandler: StepHandler<ApiStep> = {
  async inspect(step, ctx) {
    const client = await apim(ctx);
    const [current, pathOwner] = await Promise.all([
      getOrUndefined(() => client.api.get(...at(ctx), step.payload.apiId, { abortSignal: ctx.abortSignal })),
      apiUsingPath(client, ctx, step.payload.path, step.payload.apiId),
    ]);
    if (pathOwner) {
      return {
        state: 'blocked',
        summary: `The API "${pathOwner.displayName ?? pathOwner.name ?? ''}" already uses the path "${step.payload.path}". Choose a different path.`,
      };
    }
    if (!current) return { state: 'absent' };
    const p = step.payload;
    const same =
      current.displayName === p.displayName &&
      (current.path ?? '') === p.path &&
      (current.description ?? '') === p.description &&
      trimSlash(current.serviceUrl) === trimSlash(p.serviceUrl) &&
      current.subscriptionKeyParameterNames?.header === p.subscriptionKeyHeader;
    return same
      ? { state: 'same' }
      : {
          state: 'different',
          etag: current.eTag,
          summary: `An API with the id "${p.apiId}" already exists ("${current.displayName ?? p.apiId}" at /${current.path ?? ''}).`,
        };
  },
  async apply(step, inspection, ctx): Promise<Undo<ApiCreateOrUpdateParameter>> {
    const client = await apim(ctx);
    const id = step.payload.apiId;
    const previous = await apiBeforeWrite(client, ctx, id, inspection);
    await client.api.beginCreateOrUpdateAndWait(...at(ctx), id, apiParameters(step), {
      ...writeOptions(inspection, 'longRunning'),
      ...lro(ctx),
    });
    return previous ? { id, previous } : { id };
  },
  async undo(entry, ctx) {
    const client = await apim(ctx);
    const { id, previous } = entry.undo as Undo<ApiCreateOrUpdateParameter>;
    if (previous) await client.api.beginCreateOrUpdateAndWait(...at(ctx), id, previous, { ifMatch: '*', ...lro(ctx) });
    else await deleteIgnoringMissing(() => client.api.beginDeleteAndWait(...at(ctx), id, '*', { deleteRevisions: true, ...lro(ctx) }));
  },
};

/** The API's settings that an undo puts back, when the inspection found it different (the write will update it). */
export async function apiBeforeWrite(
  client: ApiManagementClient,
  ctx: StepContext,
  apiId: string,
  inspection: Inspection,
): Promise<ApiCreateOrUpdateParameter | undefined> {
  if (inspection.state !== 'different') return undefined;
  const c = await client.api.get(...at(ctx), apiId);
  return {
    displayName: c.displayName,
    description: c.description,
    path: c.path,
    protocols: c.protocols,
    serviceUrl: c.serviceUrl,
    subscriptionRequired: c.subscriptionRequired,
    subscriptionKeyParameterNames: c.subscriptionKeyParameterNames,
  };
}

interface OperationUndo extends Undo<OperationContract> {
  readonly apiId: string;
}

export const operationHandler: StepHandler<OperationStep> = {
  async inspect(step, ctx) {
    const client = await apim(ctx);
    const p = step.payload;
    const current = await getOrUndefined(() =>
      client.apiOperation.get(...at(ctx), p.apiId, p.operationId, { abortSignal: ctx.abortSignal }),
    );
    if (!current) return { state: 'absent' };
    const same =
      current.method?.toUpperCase() === p.method && current.urlTemplate === p.urlTemplate && current.displayName === p.displayName;
    return same
      ? { state: 'same' }
      : {
          state: 'different',
          etag: current.eTag,
          summary: `The operation "${p.operationId}" already exists as ${current.method ?? ''} ${current.urlTemplate ?? ''}.`,
        };
  },
  async apply(step, inspection, ctx): Promise<OperationUndo> {
    const client = await apim(ctx);
    const p = step.payload;
    const previous =
      inspection.state === 'different' ? withoutArmFields(await client.apiOperation.get(...at(ctx), p.apiId, p.operationId)) : undefined;
    await client.apiOperation.createOrUpdate(
      ...at(ctx),
      p.apiId,
      p.operationId,
      { displayName: p.displayName, method: p.method, urlTemplate: p.urlTemplate, templateParameters: [], responses: [] },
      writeOptions(inspection),
    );
    return { apiId: p.apiId, id: p.operationId, ...(previous ? { previous } : {}) };
  },
  async undo(entry, ctx) {
    const client = await apim(ctx);
    const { apiId, id, previous } = entry.undo as OperationUndo;
    if (previous) await client.apiOperation.createOrUpdate(...at(ctx), apiId, id, previous, { ifMatch: '*' });
    else await deleteIgnoringMissing(() => client.apiOperation.delete(...at(ctx), apiId, id, '*'));
  },
};

interface PolicyUndo {
  readonly apiId: string;
  readonly previousXml?: string;
}

/**
 * The API's policy in `xml` format (well-formed XML, which a DOM can merge) with its ETag. Not `apiPolicy.get`: its
 * operation spec is marked XML in SDK 10, so a JSON answer loses `value`. The ETag is read first: if the policy
 * changes between the two reads, the ETag is the older one and the conditional write fails instead of losing a change.
 */
async function readPolicy(
  client: ApiManagementClient,
  ctx: StepContext,
  apiId: string,
): Promise<{ xml: string; etag?: string } | undefined> {
  const tag = await getOrUndefined(() => client.apiPolicy.getEntityTag(...at(ctx), apiId, 'policy', { abortSignal: ctx.abortSignal }));
  if (!tag) return undefined;
  const list = await getOrUndefined(() => client.apiPolicy.listByApi(...at(ctx), apiId, { abortSignal: ctx.abortSignal }));
  const policy = list?.value?.[0];
  return policy ? { xml: policy.value ?? '', ...(tag.eTag ? { etag: tag.eTag } : {}) } : undefined;
}

export const apiPolicyHandler: StepHandler<ApiPolicyStep> = {
  async inspect(step, ctx) {
    const client = await apim(ctx);
    const current = await readPolicy(client, ctx, step.payload.apiId);
    if (!current || current.xml.trim() === '') return { state: 'absent' };
    try {
      if (normalizePolicyXml(current.xml) === mergePolicyXml(current.xml, step.payload.sections)) return { state: 'same' };
    } catch (e) {
      if (e instanceof PolicyXmlError) {
        return {
          state: 'blocked',
          summary: `The existing policy of the API cannot be read as XML, so it cannot be merged. Fix it in the portal first.`,
        };
      }
      throw e;
    }
    return { state: 'different', etag: current.etag, summary: 'The API already has a policy; ours would be merged into it.' };
  },
  async apply(step, inspection, ctx): Promise<PolicyUndo> {
    const client = await apim(ctx);
    const apiId = step.payload.apiId;
    if (inspection.state !== 'different') {
      await client.apiPolicy.createOrUpdate(
        ...at(ctx),
        apiId,
        'policy',
        { value: step.payload.xml, format: 'xml' },
        writeOptions(inspection),
      );
      return { apiId };
    }
    const current = await readPolicy(client, ctx, apiId);
    if (!current || (inspection.etag && current.etag && current.etag !== inspection.etag)) {
      throw new ConflictError('The policy of the API changed since Review.');
    }
    const merged = mergePolicyXml(current.xml, step.payload.sections);
    await client.apiPolicy.createOrUpdate(
      ...at(ctx),
      apiId,
      'policy',
      { value: merged, format: 'xml' },
      writeOptions({ ...inspection, etag: current.etag }),
    );
    return { apiId, previousXml: current.xml };
  },
  async undo(entry, ctx) {
    const client = await apim(ctx);
    const { apiId, previousXml } = entry.undo as PolicyUndo;
    if (previousXml !== undefined) {
      await client.apiPolicy.createOrUpdate(...at(ctx), apiId, 'policy', { value: previousXml, format: 'xml' }, { ifMatch: '*' });
    } else await deleteIgnoringMissing(() => client.apiPolicy.delete(...at(ctx), apiId, 'policy', '*'));
  },
};

export const productApiHandler: StepHandler<ProductApiStep> = {
  async inspect(step, ctx) {
    const client = await apim(ctx);
    const { productId, apiId } = step.payload;
    const [product, linked] = await Promise.all([
      getOrUndefined(() => client.product.getEntityTag(...at(ctx), productId, { abortSignal: ctx.abortSignal })),
      getOrUndefined(() => client.productApi.checkEntityExists(...at(ctx), productId, apiId, { abortSignal: ctx.abortSignal })),
    ]);
    if (!product) {
      return { state: 'blocked', summary: `The product "${productId}" does not exist in this instance. Choose another product.` };
    }
    return linked?.body === true ? { state: 'same' } : { state: 'absent' };
  },
  async apply(step, _inspection, ctx): Promise<ProductApiStep['payload']> {
    const client = await apim(ctx);
    await client.productApi.createOrUpdate(...at(ctx), step.payload.productId, step.payload.apiId);
    return step.payload;
  },
  async undo(entry: JournalEntry, ctx) {
    const client = await apim(ctx);
    const { productId, apiId } = entry.undo as ProductApiStep['payload'];
    await deleteIgnoringMissing(() => client.productApi.delete(...at(ctx), productId, apiId));
  },
};

/** The handlers of every APIM step kind; an import with more kinds spreads this into its own registry. */
export const apimStepHandlers: StepHandlers<ApimStep> = {
  namedValue: namedValueHandler,
  backend: backendHandler,
  api: apiHandler,
  operation: operationHandler,
  apiPolicy: apiPolicyHandler,
  productApi: productApiHandler,
};

/** A contract as read, minus what ARM sets itself, so that it can be written back. */
function withoutArmFields<T extends { id?: string; name?: string; type?: string }>(value: T): T {
  const copy: T & { eTag?: string } = { ...value };
  delete copy.id;
  delete copy.name;
  delete copy.type;
  delete copy.eTag;
  return copy;
}
