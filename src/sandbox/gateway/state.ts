/**
 * What the gateway remembers between requests of one sandbox run: token counters, circuit breakers, the semantic
 * cache, smooth weighted round-robin positions of pools, and the keep-alive agents for backend calls. Kept per
 * SandboxContext so that two sandboxes in one process (tests) never share counters.
 */
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { createSecureContext, rootCertificates } from 'node:tls';
import type { SandboxContext } from '../context';
import { CallLimiter } from './callLimiter';
import { CircuitBreakers } from './circuitBreaker';
import type { LlmLogRow } from './llmLogRow';
import { SemanticCacheStore } from './semanticCacheStore';
import { TokenLimiter } from './tokenLimiter';

export interface GatewayState {
  readonly clock: { now: () => number };
  readonly limiter: TokenLimiter;
  readonly calls: CallLimiter;
  readonly breakers: CircuitBreakers;
  readonly cache: SemanticCacheStore;
  /** Current weights of smooth weighted round-robin, per pool backend and member. */
  readonly poolWeights: Map<string, Map<string, number>>;
  /** Rows of ApiManagementGatewayLlmLog the gateway wrote (read through the hooks). */
  readonly llmLogs: LlmLogRow[];
  readonly httpsAgent: HttpsAgent;
  readonly httpAgent: HttpAgent;
}

const states = new WeakMap<SandboxContext, GatewayState>();

export function gatewayState(ctx: SandboxContext): GatewayState {
  let state = states.get(ctx);
  if (!state) {
    const clock = { now: Date.now };
    const now = (): number => clock.now();
    state = {
      clock,
      limiter: new TokenLimiter(now),
      calls: new CallLimiter(now),
      breakers: new CircuitBreakers(now),
      cache: new SemanticCacheStore(now),
      poolWeights: new Map(),
      llmLogs: [],
      // One secure context built once: passing `ca` instead would make the agent hash ~150 PEMs into its pool key on
      // every request and rebuild a context for every new socket.
      httpsAgent: new HttpsAgent({
        keepAlive: true,
        maxSockets: 256,
        noDelay: true,
        secureContext: createSecureContext({ ca: [...rootCertificates, ctx.caPem] }),
      }),
      httpAgent: new HttpAgent({ keepAlive: true, maxSockets: 256, noDelay: true }),
    };
    states.set(ctx, state);
  }
  return state;
}

/** Replaces the gateway's clock (tests move time forward instead of sleeping through a rate-limit window). */
export function setGatewayClock(ctx: SandboxContext, now: () => number): void {
  gatewayState(ctx).clock.now = now;
}

/** Forgets counters, breakers, cache entries and pool positions: what the hooks' reset calls. */
export function resetGatewayState(ctx: SandboxContext): void {
  const state = states.get(ctx);
  if (!state) return;
  state.limiter.reset();
  state.calls.reset();
  state.breakers.reset();
  state.cache.reset();
  state.poolWeights.clear();
  state.llmLogs.length = 0;
}

/** Closes idle backend connections, so a stopping sandbox does not wait on keep-alive sockets. */
export function closeGatewayConnections(ctx: SandboxContext): void {
  const state = states.get(ctx);
  state?.httpsAgent.destroy();
  state?.httpAgent.destroy();
}
