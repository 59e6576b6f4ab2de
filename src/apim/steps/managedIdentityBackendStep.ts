/**
 * A backend that authenticates with the instance's managed identity (Content Safety). Backend credentials with
 * `managedIdentity` are not in the 2024-05-01 models (the SDK would drop them), so it is written raw at
 * 2024-06-01-preview through the SDK's pipeline (src/azure/armRequest.ts), as the AI-Gateway labs write it.
 */
import { armGetOrUndefined, armRequest } from '../../azure/armRequest';
import type { ManagedIdentityBackendStep } from '../../domain/policies/steps';
import type { StepContext, StepHandler } from '../importExecutor';
import { undoRawWrite } from './rawUndo';

const BACKEND_MI_API_VERSION = '2024-06-01-preview';

interface RawBackend {
  readonly properties?: {
    readonly url?: string;
    readonly credentials?: { readonly managedIdentity?: { readonly resource?: string } };
  } & Record<string, unknown>;
}

const backendPath = (ctx: StepContext, backendId: string): string => `${ctx.service.id}/backends/${backendId}`;

export const managedIdentityBackendHandler: StepHandler<ManagedIdentityBackendStep> = {
  async inspect(step, ctx) {
    const current = await armGetOrUndefined<RawBackend>(ctx.clients, backendPath(ctx, step.payload.backendId), BACKEND_MI_API_VERSION);
    if (!current) return { state: 'absent' };
    const p = current.body?.properties;
    const same =
      (p?.url ?? '').replace(/\/+$/, '') === step.payload.url && p?.credentials?.managedIdentity?.resource === step.payload.resource;
    return same
      ? { state: 'same' }
      : {
          state: 'different',
          ...(current.etag ? { etag: current.etag } : {}),
          summary: `A backend "${step.payload.backendId}" already exists and points to ${p?.url ?? 'another URL'}.`,
        };
  },
  async apply(step, inspection, ctx) {
    const path = backendPath(ctx, step.payload.backendId);
    const previous =
      inspection.state === 'different'
        ? (await armGetOrUndefined<RawBackend>(ctx.clients, path, BACKEND_MI_API_VERSION))?.body?.properties
        : undefined;
    await armRequest(ctx.clients, {
      method: 'PUT',
      path,
      apiVersion: BACKEND_MI_API_VERSION,
      body: {
        properties: {
          url: step.payload.url,
          protocol: 'http',
          description: step.payload.description,
          credentials: { managedIdentity: { resource: step.payload.resource } },
        },
      },
      ...(inspection.state === 'different' && inspection.etag ? { ifMatch: inspection.etag } : { ifNoneMatch: '*' }),
    });
    return { path, ...(previous ? { previous } : {}) };
  },
  undo: (entry, ctx) => undoRawWrite(entry, ctx, BACKEND_MI_API_VERSION),
};
