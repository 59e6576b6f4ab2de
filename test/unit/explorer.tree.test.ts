/**
 * Tree building without Azure: an instance node over a scripted API list (our ApiCatalogSource seam), the rows it
 * makes, and how the provider turns them into VS Code tree items (with a small fake 'vscode').
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { ApiSummary } from '../../src/apim/apis';
import type { ServiceRef } from '../../src/apim/refs';
import type { ApiCatalogSource } from '../../src/explorer/apiCatalogTypes';
import type { ExplorerHost, TreeNode } from '../../src/explorer/TreeNode';
import { createFakeVscode, installFakeVscode } from './helpers/fakeVscode';

const fake = createFakeVscode();
installFakeVscode(fake);

const service: ServiceRef = {
  id: '/subscriptions/S1/resourceGroups/RG/providers/Microsoft.ApiManagement/service/Contoso',
  subscriptionId: 'S1',
  resourceGroup: 'RG',
  name: 'Contoso',
  location: 'westeurope',
  skuName: 'Developer',
  gatewayUrl: 'https://contoso.azure-api.net',
};

const api = (name: string, serviceUrl?: string): ApiSummary => ({
  id: `${service.id}/apis/${name}`,
  service,
  apiId: name,
  displayName: name.toUpperCase(),
  path: name,
  subscriptionKeyHeader: 'api-key',
  subscriptionRequired: true,
  ...(serviceUrl ? { serviceUrl } : {}),
});

/** Pages by nextLink (no count); a page waits for `gate` when given, to see the tree while the list loads. */
function scripted(pages: ApiSummary[][], failFirst = false, gate?: { page: number; open: Promise<void> }): ApiCatalogSource {
  let failed = !failFirst;
  return {
    listPage: async ({ continuationToken }) => {
      if (!failed) {
        failed = true;
        throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
      }
      const i = Number(continuationToken ?? 0);
      if (gate?.page === i) await gate.open;
      return i + 1 < pages.length ? { items: pages[i], continuationToken: String(i + 1) } : { items: pages[i] ?? [] };
    },
    listBackends: () => Promise.resolve([]),
    getPolicyXml: () => Promise.resolve(undefined),
  };
}

void describe('explorer tree building', async () => {
  const { ServiceNode } = await import('../../src/explorer/ServiceNode.js');
  const { ApiNode } = await import('../../src/explorer/ApiNode.js');
  const { ErrorNode, LoadMoreNode, MessageNode } = await import('../../src/explorer/messageNodes.js');
  const changes: (TreeNode | undefined)[] = [];
  const host: ExplorerHost = {
    clients: () => {
      throw new Error('no Azure in unit tests');
    },
    changed: (n) => changes.push(n),
    log: { trace: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
  };
  const labels = (nodes: TreeNode[]) => nodes.map((n) => n.item().label);

  void it('gives an instance its groups, with ids from the ARM id and menus by contextValue', async () => {
    const node = new ServiceNode(undefined as never, service, host, scripted([[]]));
    const children = await node.children();
    assert.deepEqual(labels(children), ['LLM APIs', 'Other APIs', 'Backends', 'Named values', 'Products']);
    assert.equal(node.id, service.id.toLowerCase());
    assert.deepEqual(
      children.map((c) => c.id),
      ['llmApis', 'otherApis', 'backends', 'namedValues', 'products'].map((k) => `${node.id}/#${k}`),
    );
    assert.deepEqual(
      children.map((c) => c.item().contextValue),
      ['aiGateway.apiGroup;llm', 'aiGateway.apiGroup;other', 'aiGateway.backends', 'aiGateway.namedValues', 'aiGateway.products'],
    );
    const row = node.item();
    assert.equal(row.description, 'westeurope · Developer');
    assert.match(row.tooltip ?? '', /Gateway URL: https:\/\/contoso\.azure-api\.net/);
  });

  void it('puts recognised LLM APIs in their group with the provider, others with their path, while the list loads', async () => {
    let open!: () => void;
    const gate = { page: 1, open: new Promise<void>((resolve) => (open = resolve)) };
    const node = new ServiceNode(
      undefined as never,
      service,
      host,
      scripted(
        [
          [api('gemini', 'https://generativelanguage.googleapis.com/v1beta/openai'), api('orders')],
          [api('mistral', 'https://api.mistral.ai/v1'), api('users')],
        ],
        false,
        gate,
      ),
    );
    let llm = await node.llmGroup.children();
    let other = await node.otherGroup.children();
    assert.deepEqual(labels(llm), ['GEMINI', 'Looking for LLM APIs… 2 scanned']);
    assert.deepEqual(labels(other), ['ORDERS', 'Loading APIs… 2']);
    assert.equal(node.llmGroup.item().description, 'scanning 2');
    assert.equal(llm[0].item().description, 'Google Gemini');
    assert.deepEqual(llm[0].item().icon, { media: 'llm' });
    assert.equal(llm[0].item().contextValue, 'aiGateway.api;llm');
    assert.equal(other[0].item().description, '/orders');

    changes.length = 0;
    open();
    await node.catalog.whenComplete();
    assert.deepEqual(changes, [node], 'the end of the list redraws both groups in one event from their instance');
    llm = await node.llmGroup.children();
    other = await node.otherGroup.children();
    assert.deepEqual(labels(llm), ['GEMINI', 'MISTRAL']);
    assert.deepEqual(labels(other), ['ORDERS', 'USERS']);
    assert.equal(node.llmGroup.item().description, 'Google Gemini, Mistral AI');
    assert.equal(node.otherGroup.item().description, '2');
    assert.ok(other.every((n) => n instanceof ApiNode && n.id === n.api.id.toLowerCase()));
  });

  void it('shows long lists 100 rows at a time, "Show more…" adding rows from memory and redrawing only its group', async () => {
    const many = Array.from({ length: 250 }, (_, i) => api(`api-${String(i).padStart(3, '0')}`));
    const node = new ServiceNode(undefined as never, service, host, scripted([many.slice(0, 100), many.slice(100, 200), many.slice(200)]));
    await node.catalog.whenComplete();
    let other = await node.otherGroup.children();
    assert.equal(other.length, 101);
    const more = other.at(-1);
    assert.ok(more instanceof LoadMoreNode);
    assert.equal(more.item().label, 'Show more…');
    assert.equal(more.item().description, '100 of 250 shown');
    assert.equal(more.item().command?.command, 'aiGateway.loadMore');
    const first = other[0];
    changes.length = 0;
    await more.loader.loadMore();
    assert.deepEqual(changes, [node.otherGroup]);
    other = await node.otherGroup.children();
    assert.equal(other.length, 201);
    assert.equal(other[0], first, 'rows already shown keep their node (and what was loaded under it)');
  });

  void it('tells a change only once the rows VS Code is waiting for are out (a refresh meanwhile would lose them)', async () => {
    const order: string[] = [];
    const watching: ExplorerHost = { ...host, changed: (n) => order.push(`changed ${n?.id ?? 'all'}`) };
    // One page: the list is complete with the first page, while the group's rows are still being made.
    const node = new ServiceNode(undefined as never, service, watching, scripted([[api('gemini', 'https://api.openai.com/v1')]]));
    const rows = await node.llmGroup.children().then((r) => (order.push('rows'), r));
    await node.catalog.whenComplete();
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(labels(rows), ['GEMINI']);
    assert.deepEqual(order, ['rows', `changed ${node.id}`]);
  });

  void it('says when a group is empty, and what the filter matched', async () => {
    const node = new ServiceNode(undefined as never, service, host, scripted([[api('orders')]]));
    const llm = await node.llmGroup.children();
    assert.equal(llm.length, 1);
    assert.ok(llm[0] instanceof MessageNode);
    node.setFilter('zzz');
    assert.equal(node.item().contextValue, 'aiGateway.service;filtered');
    assert.ok(changes.includes(node));
  });

  void it('shows a failed list as an error row with retry, and loads on retry', async () => {
    const node = new ServiceNode(undefined as never, service, host, scripted([[api('orders')]], true));
    const rows = await node.otherGroup.children();
    assert.equal(rows.length, 1);
    assert.ok(rows[0] instanceof ErrorNode);
    assert.match(rows[0].item().label, /^Could not list the APIs of "Contoso": the server could not be reached\./);
    assert.equal(rows[0].item().command?.command, 'aiGateway.retry');
    assert.equal(rows[0].parent, node.otherGroup);
    node.refresh();
    assert.deepEqual(labels(await node.otherGroup.children()), ['ORDERS']);
  });
});

void describe('tree items', () => {
  let provider: import('../../src/explorer/ExplorerTreeProvider.js').ExplorerTreeProvider;
  let ServiceNodeClass: typeof import('../../src/explorer/ServiceNode.js').ServiceNode;

  before(async () => {
    const { ExplorerTreeProvider } = await import('../../src/explorer/ExplorerTreeProvider.js');
    ServiceNodeClass = (await import('../../src/explorer/ServiceNode.js')).ServiceNode;
    const account = {
      state: { kind: 'signedOut' },
      onDidChange: () => ({ dispose: () => undefined }),
      requireClients: () => undefined,
      selectedSubscriptions: () => Promise.resolve([]),
    };
    const { Uri } = fake.module as { Uri: { file(p: string): unknown } };
    provider = new ExplorerTreeProvider(
      account as never,
      { trace: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
      Uri.file('/ext') as never,
    );
  });

  void it('shows nothing at the root until signed in (the welcome view shows instead)', async () => {
    assert.deepEqual(await provider.getChildren(), []);
  });

  void it('makes tree items with the id, menus, themed icons and the node as command argument', async () => {
    const host: ExplorerHost = {
      clients: () => undefined as never,
      changed: () => undefined,
      log: { trace: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
    };
    const many = Array.from({ length: 150 }, (_, i) => api(`api-${i}`));
    const node = new ServiceNodeClass(
      undefined as never,
      service,
      host,
      scripted([[api('gemini', 'https://generativelanguage.googleapis.com/v1beta/openai'), ...many.slice(0, 99)], many.slice(99)]),
    );
    const item = provider.getTreeItem(node) as unknown as {
      id: string;
      contextValue: string;
      iconPath: { light: { path: string }; dark: { path: string } };
      collapsibleState: number;
    };
    assert.equal(item.id, node.id);
    assert.equal(item.contextValue, 'aiGateway.service');
    assert.equal(item.iconPath.light.path, '/ext/media/apim-light.svg');
    assert.equal(item.iconPath.dark.path, '/ext/media/apim-dark.svg');
    assert.equal(item.collapsibleState, 1);
    await node.catalog.whenComplete();
    const [gemini] = await node.llmGroup.children();
    const apiItem = provider.getTreeItem(gemini) as unknown as { description: string };
    assert.equal(apiItem.description, 'Google Gemini');
    const more = (await node.otherGroup.children()).at(-1)!;
    const moreItem = provider.getTreeItem(more) as unknown as {
      command: { command: string; arguments: unknown[] };
      iconPath: { id: string };
    };
    assert.equal(moreItem.command.command, 'aiGateway.loadMore');
    assert.deepEqual(moreItem.command.arguments, [more]);
    assert.equal(moreItem.iconPath.id, 'more');
    assert.equal(provider.getParent(gemini), node.llmGroup);
  });
});
