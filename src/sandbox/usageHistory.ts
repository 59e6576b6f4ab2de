/**
 * The demo's week of token usage, so that the Usage view has something to show on the first start: three teams
 * calling the seeded LLM API with two models, hour by hour, busier in working hours. The numbers are a pure function
 * of the hour and the team (no randomness), and the week ends an hour before the hour the sandbox first served
 * metrics, so that the requests sent since are all that "Last hour" shows.
 */
import { createHash } from 'node:crypto';
import type { SandboxContext } from './context';
import { DEMO } from './seed';

export const HISTORY_NAMESPACE = 'ai-gateway';
export const HISTORY_DAYS = 7;

interface TeamUsage {
  readonly subscription: string;
  readonly model: string;
  /** Requests per working hour at the peak. */
  readonly peak: number;
  readonly prompt: number;
  readonly completion: number;
}

/** Subscription ids of three teams (not seeded as APIM subscriptions, so they never mix with requests sent in the demo). */
export const HISTORY_TEAMS: readonly TeamUsage[] = [
  { subscription: 'team-search', model: 'gpt-4o-mini', peak: 90, prompt: 620, completion: 140 },
  { subscription: 'team-support', model: 'gpt-4o-mini', peak: 45, prompt: 900, completion: 260 },
  { subscription: 'team-support', model: 'gpt-4o', peak: 18, prompt: 1400, completion: 420 },
  { subscription: 'team-research', model: 'gpt-4o', peak: 12, prompt: 3200, completion: 950 },
];

/** One emitted data point: a request's tokens, or (seeded history) an hour of one team's requests. */
export interface TokenSample {
  readonly time: string;
  readonly namespace: string;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly promptTokens: number;
  readonly completionTokens: number;
  readonly totalTokens: number;
  /** How many requests the sample stands for; 1 when absent. */
  readonly requests?: number;
}

const HOUR = 3_600_000;
const anchors = new WeakMap<SandboxContext, number>();
const cache = new WeakMap<SandboxContext, { componentId: string; samples: TokenSample[] }>();

/** The history of `componentId`: the week before the anchor for the component the demo gateway's logger points at, else none. */
export function historyFor(ctx: SandboxContext, componentId: string): readonly TokenSample[] {
  const seeded = seededComponentId(ctx);
  if (!seeded || seeded.toLowerCase() !== componentId.toLowerCase()) return [];
  const hit = cache.get(ctx);
  if (hit && hit.componentId === componentId.toLowerCase()) return hit.samples;
  let anchor = anchors.get(ctx);
  if (anchor === undefined) anchors.set(ctx, (anchor = Math.floor(Date.now() / HOUR) * HOUR));
  const samples = generateHistory(anchor, DEMO.llmApi.id);
  cache.set(ctx, { componentId: componentId.toLowerCase(), samples });
  return samples;
}

/** Hourly samples for the `HISTORY_DAYS` days up to an hour before `endMs` (an hour boundary). */
export function generateHistory(endMs: number, apiId: string): TokenSample[] {
  const samples: TokenSample[] = [];
  for (let h = HISTORY_DAYS * 24 + 1; h >= 2; h--) {
    const t = endMs - h * HOUR;
    const hourOfDay = new Date(t).getUTCHours();
    const weekday = new Date(t).getUTCDay() % 6 !== 0;
    // Working hours in Europe (UTC+1): a ramp up to the afternoon, a quiet night, a quieter weekend.
    const activity =
      (hourOfDay >= 7 && hourOfDay <= 17 ? 0.55 + 0.45 * Math.sin(((hourOfDay - 7) / 10) * Math.PI) : 0.06) * (weekday ? 1 : 0.25);
    for (const team of HISTORY_TEAMS) {
      const jitter = unit(`${t}:${team.subscription}:${team.model}`);
      const requests = Math.round(team.peak * activity * (0.7 + 0.6 * jitter));
      if (requests === 0) continue;
      const promptTokens = Math.round(requests * team.prompt * (0.85 + 0.3 * unit(`${t}:${team.subscription}:${team.model}:p`)));
      const completionTokens = Math.round(requests * team.completion * (0.8 + 0.4 * unit(`${t}:${team.subscription}:${team.model}:c`)));
      samples.push({
        time: new Date(t + Math.floor(jitter * 50) * 60_000).toISOString(),
        namespace: HISTORY_NAMESPACE,
        dimensions: { 'API ID': apiId, 'Subscription ID': team.subscription, Model: team.model },
        promptTokens,
        completionTokens,
        totalTokens: promptTokens + completionTokens,
        requests,
      });
    }
  }
  return samples;
}

/** A number in [0, 1) derived from a label. */
function unit(label: string): number {
  return createHash('sha256').update(label).digest().readUInt32BE(0) / 2 ** 32;
}

/** The component the demo gateway's Application Insights logger points at, if the demo seed is loaded. */
function seededComponentId(ctx: SandboxContext): string | undefined {
  const gateway = ctx.store.ofType('Microsoft.ApiManagement/service').find((s) => s.name === DEMO.aiGateway);
  if (!gateway) return undefined;
  for (const logger of ctx.store.children(gateway.id, 'loggers')) {
    const resourceId = logger.properties.resourceId;
    if (logger.properties.loggerType === 'applicationInsights' && typeof resourceId === 'string') return resourceId;
  }
  return undefined;
}
