/** The API step: the API's settings, with the path checked against the other APIs, restored on undo. */
import type { ApiContract, ApiCreateOrUpdateParameter, ApiManagementClient } from '@azure/arm-apimanagement';
import type { ApiStep } from '../../domain/import/apimSteps';
import type { Inspection, StepContext, StepHandler } from '../importExecutor';
import { apim, at, deleteIgnoringMissing, getOrUndefined, lro, writeOptions, trimSlash, type Undo } from './stepIo';

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
