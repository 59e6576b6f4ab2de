// Entry point in the tree: an instance without LLM APIs offers the import where they would be, and the row's command
// resolves to that instance (what the command's "from a node" path uses).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { commandIds } from '../../src/contributes';
import { ApiGroupNode } from '../../src/explorer/ApiGroupNode';
import { ExplorerModel } from '../../src/explorer/ExplorerModel';
import { serviceOf } from '../../src/explorer/nodeRefs';
import { recordingHost, sandboxClients } from './helpers/azureClients';
import { DEMO_NAMES, sandboxPerSuite } from './helpers/sandbox';

void describe('import entry point in the tree', () => {
  const sb = sandboxPerSuite();

  void it('"LLM APIs" of an instance without any offers "import one", which targets that instance', async () => {
    const clients = sandboxClients(sb, { maxRetries: 0 });
    const model = new ExplorerModel(recordingHost(clients), { subscriptions: () => clients.listSubscriptions() }, () => undefined);
    const id = `/subscriptions/${sb.connection.subscriptionIds[1]}/resourceGroups/${DEMO_NAMES.apimDev.resourceGroup}/providers/Microsoft.ApiManagement/service/${DEMO_NAMES.apimDev.service}`;
    const service = await model.findService(id);
    assert.ok(service, 'the dev instance (no LLM API in the seed) is in the tree');
    const llm = (await service.children()).find((n): n is ApiGroupNode => n instanceof ApiGroupNode && n.kind === 'llm');
    assert.ok(llm);
    const [row, ...rest] = await llm.children();
    assert.equal(rest.length, 0);
    const item = row.item();
    assert.equal(item.label, 'No LLM APIs yet: import one…');
    assert.equal(item.command?.command, commandIds.importLanguageModelApi);
    assert.equal(serviceOf(row)?.name, DEMO_NAMES.apimDev.service, 'the command gets the row, which leads to its instance');
  });
});
