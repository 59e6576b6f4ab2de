/**
 * The tree's background listing of a 950-API instance against the sandbox while ARM throttles: 429 with Retry-After
 * injected (sandbox fault hooks) on some of the pages that follow the first. Whether the SDK's retry policy honours it
 * (the extension's setting, 3 retries) or our own listing does (the SDK's retries used up: here none), the list
 * completes with no error row, and every throttled call was sent again only after the time ARM asked for. What the
 * sandbox recorded (faults applied, ARM requests received) is compared with the calls the client made; every HTTP
 * attempt is recorded by a pipeline policy with its URL, status and the time it was sent.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import { ApiNode } from '../../src/explorer/ApiNode';
import { ErrorNode } from '../../src/explorer/messageNodes';
import { ServiceNode } from '../../src/explorer/ServiceNode';
import type { TreeNode } from '../../src/explorer/TreeNode';
import { aiGatewayService, recordingHost, sandboxClients } from './helpers/azureClients';
import { DEMO_NAMES, sandboxPerSuite } from './helpers/sandbox';

const EXTRA_APIS = 950;
const RETRY_AFTER_S = 1;
const THROTTLED = 3;
const apisPath = `/service/${DEMO_NAMES.aiGateway.service}/apis$`;

interface Attempt {
  readonly url: string;
  readonly status: number;
  readonly sentAt: number;
}

void describe('explorer listing while ARM throttles', () => {
  const sb = sandboxPerSuite({ apis: EXTRA_APIS });

  async function listWhileThrottled(maxRetries: number) {
    await sb.hooks.clearFaults();
    // The first page goes through (its fault only counts it); the next three calls of the list are throttled.
    await sb.hooks.addFault({ method: 'GET', path: apisPath, times: 1, delayMs: 0 });
    await sb.hooks.addFault({
      method: 'GET',
      path: apisPath,
      times: THROTTLED,
      status: 429,
      retryAfter: RETRY_AFTER_S,
      body: { error: { code: 'TooManyRequests', message: 'Too many requests. Please retry after 1 second.' } },
    });
    const attempts: Attempt[] = [];
    const recorder: PipelinePolicy = {
      name: 'recordAttempts',
      sendRequest: async (request, next) => {
        const sentAt = performance.now();
        const response = await next(request);
        attempts.push({ url: request.url, status: response.status, sentAt });
        return response;
      },
    };
    const clients = sandboxClients(sb, { maxRetries, policies: [recorder] });
    const host = recordingHost(clients);
    const service = new ServiceNode(undefined as never, await aiGatewayService(clients, sb), host);
    const before = await sb.hooks.stats();
    attempts.length = 0;
    await service.llmGroup.children();
    await service.catalog.whenComplete();
    const after = await sb.hooks.stats();
    const rows: TreeNode[] = [...(await service.llmGroup.children()), ...(await service.otherGroup.children())];
    return {
      service,
      host,
      attempts,
      rows,
      sandbox: { faults: after.faultsApplied - before.faultsApplied, arm: after.requests.arm - before.requests.arm },
    };
  }

  function assertWaitedAsTold(attempts: readonly Attempt[]): void {
    const throttled = attempts.filter((a) => a.status === 429);
    assert.equal(throttled.length, THROTTLED, 'the client saw each injected 429');
    for (const t of throttled) {
      const retry = attempts.find((a) => a.url === t.url && a.sentAt > t.sentAt);
      assert.ok(retry, `the throttled call ${t.url} was sent again`);
      assert.ok(retry.status < 400, `its retry succeeded (${retry.status})`);
      // Sent again no sooner than Retry-After said (timers never fire early; a millisecond of clock rounding aside).
      assert.ok(retry.sentAt - t.sentAt >= RETRY_AFTER_S * 1000 - 1, `waited ${(retry.sentAt - t.sentAt).toFixed(0)} ms`);
    }
  }

  void it("completes with no error row when the SDK's retries honour Retry-After", async () => {
    const { service, attempts, rows, sandbox } = await listWhileThrottled(3);
    assert.ok(!rows.some((r) => r instanceof ErrorNode), 'no error row');
    assert.equal(service.catalog.progress.complete, true);
    assert.ok(service.catalog.loadedCount >= EXTRA_APIS + 3);
    assert.ok(rows.some((r) => r instanceof ApiNode && r.api.apiId === 'openai-chat'));
    assert.equal(sandbox.faults, 1 + THROTTLED, 'the sandbox applied every injected fault');
    assert.equal(sandbox.arm, attempts.length, 'the sandbox received every call the client sent, retries included');
    const pages = Math.ceil(service.catalog.loadedCount / 100);
    assert.equal(attempts.filter((a) => /\/apis\?/.test(a.url)).length, pages + THROTTLED, 'one call per page plus one per 429');
    assertWaitedAsTold(attempts);
  });

  void it('completes with no error row when our listing has to honour Retry-After itself', async () => {
    const { service, host, attempts, rows, sandbox } = await listWhileThrottled(0);
    assert.ok(!rows.some((r) => r instanceof ErrorNode), 'no error row');
    assert.equal(service.catalog.progress.complete, true);
    assert.equal(sandbox.faults, 1 + THROTTLED);
    assert.equal(sandbox.arm, attempts.length);
    assertWaitedAsTold(attempts);
    assert.ok(
      host.lines.some((l) => /^info: Azure throttled the API list of contoso-ai-gateway: waiting 1 s as it asked$/.test(l)),
      host.lines.join('\n'),
    );
  });
});
