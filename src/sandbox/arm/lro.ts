/**
 * Long-running operations the way ARM reports them: 202 with `Azure-AsyncOperation` (a status resource) and
 * `Location` (the result). The write itself is applied at once; the operation reports "InProgress" until its status
 * is polled, and the first poll finds it finished: SDK pollers really poll, exactly once, without a timed wait.
 */
import { randomUUID } from 'node:crypto';
import { ArmError } from './errors';
import { providerOf } from './apiVersions';
import { ok, type ArmRequest, type ArmResponse, type ArmRoute, type LongRunningAnswers } from './request';

interface Operation {
  readonly id: string;
  readonly resourceId: string;
  readonly render: () => unknown;
  readonly startTime: string;
}

const MAX_OPERATIONS = 10_000;

export class LroTracker implements LongRunningAnswers {
  private readonly operations = new Map<string, Operation>();
  /** How many times clients polled an operation's status: proof, for tests and stats, that pollers polled. */
  polls = 0;

  /** Answers a write as an LRO: 202 (or `first`) with the polling headers. `render` gives the final resource body. */
  accepted(req: ArmRequest, resourceId: string, render: () => unknown, first?: ArmResponse): ArmResponse {
    const op: Operation = { id: randomUUID(), resourceId, render, startTime: new Date().toISOString() };
    this.operations.set(op.id, op);
    // Bounded: the oldest operations are forgotten (a client polls within seconds, not after thousands of writes).
    if (this.operations.size > MAX_OPERATIONS) this.operations.delete(this.operations.keys().next().value!);
    const sub = req.params.sub ?? /^\/subscriptions\/([^/]+)/i.exec(resourceId)?.[1] ?? 'none';
    const provider = providerName(req.url.pathname);
    const base = `${req.ctx.origin}/subscriptions/${sub}/providers/${provider}/locations/sandbox`;
    const query = `?api-version=${encodeURIComponent(req.url.searchParams.get('api-version') ?? '')}`;
    return {
      status: first?.status ?? 202,
      ...(first?.body === undefined ? {} : { body: first.body }),
      headers: {
        ...first?.headers,
        'Azure-AsyncOperation': `${base}/operationStatuses/${op.id}${query}`,
        Location: `${base}/operationResults/${op.id}${query}`,
        'Retry-After': '0',
      },
    };
  }

  readonly routes: readonly ArmRoute[] = [
    {
      method: 'GET',
      pattern: '/subscriptions/{sub}/providers/{provider}/locations/{location}/operationStatuses/{operationId}',
      handler: (req) => {
        const op = this.find(req.params.operationId);
        this.polls++;
        return ok({
          id: req.url.pathname,
          name: op.id,
          status: 'Succeeded',
          startTime: op.startTime,
          endTime: new Date().toISOString(),
        });
      },
    },
    {
      method: 'GET',
      pattern: '/subscriptions/{sub}/providers/{provider}/locations/{location}/operationResults/{operationId}',
      handler: (req) => {
        const body = this.find(req.params.operationId).render();
        return body === undefined ? { status: 204 } : ok(body);
      },
    },
  ];

  private find(id: string): Operation {
    const op = this.operations.get(id);
    if (!op) throw new ArmError(404, 'OperationNotFound', `The operation '${id}' was not found.`);
    return op;
  }
}

/** The provider namespace with Azure's casing, for the polling URLs. */
function providerName(path: string): string {
  const p = providerOf(path);
  const known = [
    'Microsoft.ApiManagement',
    'Microsoft.CognitiveServices',
    'Microsoft.Authorization',
    'Microsoft.Cache',
    'Microsoft.Insights',
  ];
  return known.find((k) => k.toLowerCase() === p) ?? 'Microsoft.Resources';
}
