/** What an ARM handler receives and returns: the router does the HTTP, handlers stay plain functions over the store. */
import type { IncomingHttpHeaders } from 'node:http';
import type { SandboxContext } from '../context';
import type { ResourceStore } from '../store';
import { ArmError } from './errors';

export interface ArmRequest {
  readonly ctx: SandboxContext;
  readonly store: ResourceStore;
  readonly lro: LongRunningAnswers;
  readonly method: string;
  readonly url: URL;
  /** Decoded route parameters, e.g. `{ sub, rg, service, apiId }`. */
  readonly params: Readonly<Record<string, string>>;
  readonly headers: IncomingHttpHeaders;
  /** The parsed JSON body, or undefined when the request had none. */
  readonly body: unknown;
}

export interface ArmResponse {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** How a handler answers a write as a long-running operation (lro.ts implements it; declared here to keep the two acyclic). */
export interface LongRunningAnswers {
  /**
   * 202 with the polling headers, or `first` (e.g. APIM's 201 with the entity and `provisioningState: InProgress`)
   * with them; `render` gives the final resource body (undefined: the result is 204, as for a delete).
   */
  accepted(req: ArmRequest, resourceId: string, render: () => unknown, first?: ArmResponse): ArmResponse;
}

export type ArmHandler = (req: ArmRequest) => ArmResponse | Promise<ArmResponse>;

export interface ArmRoute {
  readonly method: string;
  readonly pattern: string;
  readonly handler: ArmHandler;
}

export const ok = (body: unknown, headers?: Record<string, string>): ArmResponse => ({
  status: 200,
  body,
  ...(headers ? { headers } : {}),
});

/** The `properties` object of a PUT/PATCH body (empty when absent); a non-object body is a 400 like ARM's. */
export function bodyObject(req: ArmRequest): Record<string, unknown> {
  if (req.body === undefined) return {};
  if (typeof req.body !== 'object' || req.body === null || Array.isArray(req.body)) {
    throw new ArmError(
      400,
      'InvalidRequestContent',
      'The request content was invalid and could not be deserialized: the body must be a JSON object.',
    );
  }
  return req.body as Record<string, unknown>;
}

export function bodyProperties(req: ArmRequest): Record<string, unknown> {
  const props = bodyObject(req).properties;
  if (props === undefined || props === null) return {};
  if (typeof props !== 'object' || Array.isArray(props)) {
    throw new ArmError(
      400,
      'InvalidRequestContent',
      "The request content was invalid and could not be deserialized: 'properties' must be an object.",
    );
  }
  return props as Record<string, unknown>;
}
