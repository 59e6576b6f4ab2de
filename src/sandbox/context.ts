/**
 * What every part of the sandbox (ARM emulator, gateway, mock model, test hooks) shares while it runs.
 * The server creates one context and hands it to each handler.
 */
import type { ResourceStore } from './store';

/**
 * One token metric emitted by `llm-emit-token-metric` / `azure-openai-emit-token-metric`, readable through the hooks.
 * Recorded only when it would reach Application Insights: `componentId` is the component whose instrumentation key
 * the API's logger holds (the key the Azure Monitor metrics API reads it under); `dimensions` is empty when that
 * component does not take custom metrics with dimensions.
 */
export interface EmittedTokenMetric {
  readonly componentId: string;
  readonly time: string;
  readonly namespace: string;
  readonly serviceName: string;
  readonly apiId: string;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly promptTokens: number;
  readonly completionTokens: number;
  readonly totalTokens: number;
}

export interface SandboxContext {
  readonly store: ResourceStore;
  /** `https://127.0.0.1:{port}`: ARM, gateway, mock model and hooks share one HTTPS listener. */
  readonly origin: string;
  readonly tenantId: string;
  /** Bearer token accepted by the ARM emulator. */
  readonly armToken: string;
  /** Key accepted by the mock model server's OpenAI-compatible and Gemini-like endpoints. */
  readonly modelKey: string;
  /** PEM of the sandbox CA, so the gateway can call the mock model (and any other sandbox URL) over HTTPS. */
  readonly caPem: string;
  /** Extra latency (ms) added to every ARM response; `--latency`. */
  readonly armLatencyMs: number;
  readonly metrics: EmittedTokenMetric[];
  log(line: string): void;
}

/** Public URL of a service's gateway. Real APIM uses `https://{name}.azure-api.net`; the sandbox uses a path prefix. */
export function gatewayUrlFor(ctx: Pick<SandboxContext, 'origin'>, serviceName: string): string {
  return `${ctx.origin}/gateway/${serviceName.toLowerCase()}`;
}

/** Endpoint of an emulated Cognitive Services account (what `properties.endpoint` holds). */
export function accountEndpointFor(ctx: Pick<SandboxContext, 'origin'>, accountName: string): string {
  return `${ctx.origin}/aoai/${accountName.toLowerCase()}/`;
}
