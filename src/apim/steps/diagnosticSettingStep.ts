/** The instance's diagnostic setting that sends GatewayLlmLogs to a Log Analytics workspace (@azure/arm-monitor). */
import type { DiagnosticSettingsResource } from '@azure/arm-monitor';
import { sameArmId } from '../../domain/policies/prerequisiteFacts';
import type { DiagnosticSettingStep } from '../../domain/policies/steps';
import type { StepContext, StepHandler } from '../importExecutor';
import { notFound } from './stepIo';

/** The SDK puts the resource URI after a '/' of its own. */
const resourceUri = (ctx: StepContext): string => ctx.service.id.replace(/^\/+/, '');

function settingSends(setting: DiagnosticSettingsResource, step: DiagnosticSettingStep): boolean {
  return (
    !!setting.workspaceId &&
    sameArmId(setting.workspaceId, step.payload.workspaceId) &&
    step.payload.categories.every((c) => setting.logs?.some((l) => l.enabled && l.category === c))
  );
}

export const diagnosticSettingHandler: StepHandler<DiagnosticSettingStep> = {
  async inspect(step, ctx) {
    const client = await ctx.clients.monitor(ctx.service.subscriptionId);
    const current = await client.diagnosticSettings.get(resourceUri(ctx), step.payload.name).catch((e: unknown) => {
      if (notFound(e)) return undefined;
      throw e;
    });
    if (!current) return { state: 'absent' };
    return settingSends(current, step)
      ? { state: 'same' }
      : { state: 'different', summary: `A diagnostic setting "${step.payload.name}" already exists with other destinations.` };
  },
  async apply(step, _inspection, ctx) {
    const client = await ctx.clients.monitor(ctx.service.subscriptionId);
    await client.diagnosticSettings.createOrUpdate(resourceUri(ctx), step.payload.name, {
      workspaceId: step.payload.workspaceId,
      // GatewayLlmLogs lands in the resource-specific table ApiManagementGatewayLlmLog.
      logAnalyticsDestinationType: 'Dedicated',
      logs: step.payload.categories.map((category) => ({ category, enabled: true })),
    });
    return { name: step.payload.name };
  },
  async undo(entry, ctx) {
    const client = await ctx.clients.monitor(ctx.service.subscriptionId);
    await client.diagnosticSettings.delete(resourceUri(ctx), (entry.undo as { name: string }).name).catch((e: unknown) => {
      if (!notFound(e)) throw e;
    });
  },
};
