/**
 * The policy elements that make an API use a pool, as the AI-Gateway labs write them: route to the pool in inbound,
 * and in backend a `retry` that forwards again on 429 or 503 with the request body buffered, so that an attempt that
 * trips a member's breaker is sent to the next member within the same client request.
 */
import type { PolicyElement } from '../import/policyXml';

/** The condition of the labs: throttled (429) or every member open (503). */
export const RETRY_CONDITION = '@(context.Response.StatusCode == 429 || context.Response.StatusCode == 503)';

/** One attempt per member: the first plus one retry for each other member. */
export function retryCount(memberCount: number): number {
  return Math.max(0, memberCount - 1);
}

export function poolBackendSection(poolId: string, memberCount: number): PolicyElement[] {
  return [
    {
      name: 'retry',
      attributes: [
        ['count', String(retryCount(memberCount))],
        ['interval', '0'],
        ['first-fast-retry', 'true'],
        ['condition', RETRY_CONDITION],
      ],
      children: [
        { name: 'set-backend-service', attributes: [['backend-id', poolId]] },
        { name: 'forward-request', attributes: [['buffer-request-body', 'true']] },
      ],
    },
  ];
}
