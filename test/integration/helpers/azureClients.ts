/** The extension's own client factory (src/azure/clientFactory.ts) pointed at a test sandbox, as the extension builds it in sandbox mode. */
import assert from 'node:assert/strict';
import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import { createAzureClients, type AzureAccountClients } from '../../../src/azure/clientFactory';
import { sandboxCloud } from '../../../src/azure/clouds';
import { StaticTokenCredential } from '../../../src/azure/StaticTokenCredential';
import type { Logger } from '../../../src/log';
import type { ExplorerHost, TreeNode } from '../../../src/explorer/TreeNode';
import type { ServiceRef } from '../../../src/apim/refs';
import { getService } from '../../../src/apim/services';
import { demoServiceId, type SandboxHarness } from './sandbox';

export function sandboxClients(
  sb: Pick<SandboxHarness, 'connection' | 'ca'>,
  options: { maxRetries?: number; policies?: PipelinePolicy[] } = {},
): AzureAccountClients {
  return createAzureClients({
    cloud: sandboxCloud(sb.connection.armEndpoint),
    credential: new StaticTokenCredential(sb.connection.token),
    caPem: [sb.ca],
    version: '0.0.0-test',
    ...options,
  });
}

/** The seeded AI gateway instance as the extension finds it by id. */
export async function aiGatewayService(clients: AzureAccountClients, sb: SandboxHarness): Promise<ServiceRef> {
  const found = await getService(clients, demoServiceId(sb, 'aiGateway'));
  assert.ok(found);
  return found;
}

export interface RecordingHost extends ExplorerHost {
  readonly changes: (TreeNode | undefined)[];
  readonly lines: string[];
}

export function recordingHost(clients: AzureAccountClients): RecordingHost {
  const lines: string[] = [];
  const log: Logger = {
    trace: (m) => lines.push(`trace: ${m}`),
    info: (m) => lines.push(`info: ${m}`),
    warn: (m) => lines.push(`warn: ${m}`),
    error: (m) => lines.push(`error: ${m}`),
  };
  const changes: (TreeNode | undefined)[] = [];
  return { clients: () => clients, changed: (n) => changes.push(n), log, changes, lines };
}
