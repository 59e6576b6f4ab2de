/**
 * "Custom metrics with dimensions" on an Application Insights component: read and written raw at 2020-02-02 through the
 * SDK's pipeline (src/azure/armRequest.ts), because `CustomMetricsOptedInType` is not in the REST spec nor the SDK.
 */
import { armGetOrUndefined, armRequest } from '../../azure/armRequest';
import type { CustomMetricsStep } from '../../domain/policies/steps';
import type { StepContext, StepHandler } from '../importExecutor';

const COMPONENTS_API_VERSION = '2020-02-02';
export const WITH_DIMENSIONS = 'WithDimensions';

interface RawComponent {
  readonly location?: string;
  readonly kind?: string;
  readonly tags?: Record<string, string>;
  readonly properties?: Record<string, unknown>;
}

export const customMetricsHandler: StepHandler<CustomMetricsStep> = {
  async inspect(step, ctx) {
    const current = await armGetOrUndefined<RawComponent>(ctx.clients, step.payload.componentId, COMPONENTS_API_VERSION);
    if (!current) return { state: 'blocked', summary: `The Application Insights resource ${step.payload.componentName} does not exist.` };
    return current.body?.properties?.CustomMetricsOptedInType === WITH_DIMENSIONS
      ? { state: 'same' }
      : {
          state: 'different',
          summary: `Custom metrics of ${step.payload.componentName} are collected without dimensions: the token metrics would lose theirs.`,
        };
  },
  async apply(step, _inspection, ctx) {
    const previous = await setOptIn(ctx, step.payload.componentId, WITH_DIMENSIONS);
    return { componentId: step.payload.componentId, previous };
  },
  async undo(entry, ctx) {
    const { componentId, previous } = entry.undo as { componentId: string; previous?: string };
    await setOptIn(ctx, componentId, previous);
  },
};

/** Writes the component back with the flag set (or removed); returns what it was. */
async function setOptIn(ctx: StepContext, componentId: string, value: string | undefined): Promise<string | undefined> {
  const current = await armRequest<RawComponent>(ctx.clients, { method: 'GET', path: componentId, apiVersion: COMPONENTS_API_VERSION });
  const properties = { ...(current.body?.properties ?? {}) };
  const previous = typeof properties.CustomMetricsOptedInType === 'string' ? properties.CustomMetricsOptedInType : undefined;
  if (value === undefined) delete properties.CustomMetricsOptedInType;
  else properties.CustomMetricsOptedInType = value;
  const { location, kind, tags } = current.body ?? {};
  await armRequest(ctx.clients, {
    method: 'PUT',
    path: componentId,
    apiVersion: COMPONENTS_API_VERSION,
    body: { location, kind, tags, properties },
    ...(current.etag ? { ifMatch: current.etag } : {}),
  });
  return previous;
}
