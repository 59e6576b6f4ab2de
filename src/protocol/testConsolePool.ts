/**
 * The test console's pool messages (src/protocol/testConsole.ts carries them): which member answered a request and
 * how many attempts the gateway made, as far as the console can tell, and the API's pool with its members for the
 * "Pool" section, whose "Simulate throttling" exists in sandbox mode only.
 */
import { fail, ok, readBoolean, readString, type Parsed } from '../domain/guards';

/** Who answered, from the response (and, in sandbox mode, from the sandbox's count of calls to the members). */
export interface RouteView {
  /** `x-ms-region` of the answer: Azure OpenAI names the region that served the call. */
  readonly region?: string;
  /** The pool member whose account is in that region, when exactly one is. */
  readonly member?: string;
  /** Attempts the gateway made, and what the figure is based on. */
  readonly attempts?: { readonly count: number; readonly basis: string };
}

export interface PoolMemberView {
  /** The member's backend name. */
  readonly memberId: string;
  readonly priority?: number;
  readonly weight?: number;
  /** The region of the member's account (display name), when its account was found. */
  readonly region?: string;
  /** Sandbox mode: the member answers 429 because the user asked it to. */
  readonly throttled: boolean;
  /** Sandbox mode: the member's circuit is open until then (ISO time). */
  readonly openUntil?: string;
  /** Why "Simulate throttling" is not offered for this member (its URL is not one of the sandbox's accounts). */
  readonly cannotSimulate?: string;
}

export interface PoolView {
  readonly poolId: string;
  readonly members: readonly PoolMemberView[];
  /** True in sandbox mode: members can be throttled through the sandbox's fault hooks. */
  readonly sandbox: boolean;
}

/** Webview → host: turn simulated throttling of one member on or off. */
export interface SimulateThrottlingRequest {
  readonly type: 'simulateThrottling';
  readonly memberId: string;
  readonly on: boolean;
}

export function parseSimulateThrottling(m: Record<string, unknown>): Parsed<SimulateThrottlingRequest> {
  const memberId = readString(m, 'memberId', { maxLength: 80 });
  if (!memberId.ok) return memberId;
  if (!/^[^*#&+:<>?]+$/.test(memberId.value!)) return fail('"memberId" is not a backend name.');
  const on = readBoolean(m, 'on');
  return on.ok ? ok({ type: 'simulateThrottling', memberId: memberId.value!, on: on.value! }) : on;
}
