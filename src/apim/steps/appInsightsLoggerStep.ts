/**
 * The Application Insights logger token metrics go through: its connection string is read from the component inside
 * `apply` (memory only, never planned or posted); APIM keeps it in a secret named value of its own.
 */
import type { AppInsightsLoggerStep } from '../../domain/policies/steps';
import { sameArmId } from '../../domain/policies/prerequisiteFacts';
import { parseArmId } from '../armIds';
import type { StepHandler } from '../importExecutor';
import { at, notFound, writeOptions } from './stepIo';

export const appInsightsLoggerHandler: StepHandler<AppInsightsLoggerStep> = {
  async inspect(step, ctx) {
    const client = await ctx.clients.apim(ctx.service.subscriptionId);
    const current = await client.logger.get(...at(ctx), step.payload.loggerId, { abortSignal: ctx.abortSignal }).catch((e: unknown) => {
      if (notFound(e)) return undefined;
      throw e;
    });
    if (!current) return { state: 'absent' };
    if (current.loggerType === 'applicationInsights' && current.resourceId && sameArmId(current.resourceId, step.payload.componentId)) {
      return { state: 'same' };
    }
    return {
      state: 'different',
      ...(current.eTag ? { etag: current.eTag } : {}),
      summary: `A logger "${step.payload.loggerId}" already exists and sends elsewhere (${current.loggerType ?? 'unknown type'}).`,
    };
  },
  async apply(step, inspection, ctx) {
    const { subscriptionId, resourceGroup, name } = parseArmId(step.payload.componentId);
    const component = await (await ctx.clients.appInsights(subscriptionId)).components.get(resourceGroup, name);
    // In memory for this call only: APIM keeps it in a secret named value of its own and shows only a reference.
    const credential: Record<string, string> | undefined = component.connectionString
      ? { connectionString: component.connectionString }
      : component.instrumentationKey
        ? { instrumentationKey: component.instrumentationKey }
        : undefined;
    if (!credential) throw new Error(`The Application Insights resource ${name} has no connection string. Check it in the portal.`);
    const client = await ctx.clients.apim(ctx.service.subscriptionId);
    await client.logger.createOrUpdate(
      ...at(ctx),
      step.payload.loggerId,
      {
        loggerType: 'applicationInsights',
        description: `Application Insights ${name} (AI Gateway token metrics)`,
        credentials: credential,
        isBuffered: true,
        resourceId: step.payload.componentId,
      },
      writeOptions(inspection),
    );
    return { loggerId: step.payload.loggerId };
  },
  async undo(entry, ctx) {
    const { loggerId } = entry.undo as { loggerId: string };
    const client = await ctx.clients.apim(ctx.service.subscriptionId);
    // Deleting the logger deletes the named value APIM made for its credential.
    await client.logger.delete(...at(ctx), loggerId, '*').catch((e: unknown) => {
      if (!notFound(e)) throw e;
    });
  },
};
