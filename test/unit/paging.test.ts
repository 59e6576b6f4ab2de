import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ApiSummary } from '../../src/apim/apis';
import type { BackendSummary } from '../../src/apim/backends';
import { odataString, type Page } from '../../src/apim/paging';
import type { ServiceRef } from '../../src/apim/refs';
import { ApiCatalog, likelyBackendOf, type ApiCatalogSource } from '../../src/explorer/ApiCatalog';

const service: ServiceRef = {
  id: '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.ApiManagement/service/svc',
  subscriptionId: 's1',
  resourceGroup: 'rg',
  name: 'svc',
  gatewayUrl: 'https://svc.azure-api.net',
};

function api(n: number, serviceUrl?: string): ApiSummary {
  return {
    id: `${service.id}/apis/api-${n}`,
    service,
    apiId: `api-${n}`,
    displayName: `API ${n}`,
    path: `p${n}`,
    subscriptionKeyHeader: 'api-key',
    subscriptionRequired: true,
    ...(serviceUrl ? { serviceUrl } : {}),
  };
}

function backend(name: string, url: string): BackendSummary {
  return { id: `${service.id}/backends/${name}`, name, url, namedValueRefs: [], poolMembers: [] };
}

/** A source over an in-memory list, paged like APIM (continuation token = next offset), counting calls. */
function fakeSource(
  apis: ApiSummary[],
  options: { pageSize?: number; backends?: BackendSummary[]; policies?: Record<string, string> } = {},
) {
  const calls = { pages: [] as { continuationToken?: string; nameContains?: string }[], backends: 0, policies: [] as string[] };
  const size = options.pageSize ?? 100;
  const source: ApiCatalogSource = {
    listPage: (o) => {
      calls.pages.push(o);
      const matching = o.nameContains ? apis.filter((a) => a.displayName.includes(o.nameContains!)) : apis;
      const start = Number(o.continuationToken ?? 0);
      const items = matching.slice(start, start + size);
      const next = start + size < matching.length ? String(start + size) : undefined;
      return Promise.resolve<Page<ApiSummary>>(next ? { items, continuationToken: next } : { items });
    },
    listBackends: () => {
      calls.backends++;
      return Promise.resolve(options.backends ?? []);
    },
    getPolicyXml: (apiId) => {
      calls.policies.push(apiId);
      return Promise.resolve(options.policies?.[apiId]);
    },
  };
  return { source, calls };
}

const range = (n: number, f: (i: number) => ApiSummary = api): ApiSummary[] => Array.from({ length: n }, (_, i) => f(i + 1));

void describe('ApiCatalog paging', () => {
  void it('loads one page, then one more per loadMore, until the last page', async () => {
    const { source, calls } = fakeSource(range(250));
    let changes = 0;
    const catalog = new ApiCatalog(source, () => changes++, { refineBudget: 0 });
    await catalog.ensureLoaded();
    assert.equal(catalog.loadedCount, 100);
    assert.equal(catalog.hasMore, true);
    await catalog.loadMore();
    await catalog.loadMore();
    assert.equal(catalog.loadedCount, 250);
    assert.equal(catalog.hasMore, false);
    assert.deepEqual(
      calls.pages.map((p) => p.continuationToken),
      [undefined, '100', '200'],
    );
    assert.equal(changes, 2);
    await catalog.loadMore();
    assert.equal(calls.pages.length, 3, 'no request past the last page');
    assert.equal(new Set(catalog.otherApis().map((a) => a.apiId)).size, 250);
  });

  void it('asks for the first page and the backends at the same time, once', async () => {
    let releaseBackends!: () => void;
    const { source, calls } = fakeSource(range(3));
    let pageAskedBeforeBackendsAnswered = false;
    const gated: ApiCatalogSource = {
      ...source,
      listBackends: () =>
        new Promise((resolve) => {
          releaseBackends = () => resolve([]);
        }),
      listPage: (o) => {
        pageAskedBeforeBackendsAnswered = true;
        return source.listPage(o);
      },
    };
    const catalog = new ApiCatalog(gated, () => undefined, { refineBudget: 0 });
    const a = catalog.ensureLoaded();
    const b = catalog.ensureLoaded();
    assert.equal(pageAskedBeforeBackendsAnswered, true);
    releaseBackends();
    await Promise.all([a, b]);
    assert.equal(calls.pages.length, 1);
  });

  void it('shares one request between concurrent "Load more" clicks', async () => {
    const { source, calls } = fakeSource(range(300));
    const catalog = new ApiCatalog(source, () => undefined, { refineBudget: 0 });
    await catalog.ensureLoaded();
    await Promise.all([catalog.loadMore(), catalog.loadMore(), catalog.loadMore()]);
    assert.equal(calls.pages.length, 2);
    assert.equal(catalog.loadedCount, 200);
  });

  void it('a filter starts over with the text sent to the server, and drops answers to the old list', async () => {
    const { source, calls } = fakeSource(range(250));
    const catalog = new ApiCatalog(source, () => undefined, { refineBudget: 0 });
    await catalog.ensureLoaded();
    const stale = catalog.loadMore();
    catalog.setFilter('API 2');
    await stale;
    await catalog.ensureLoaded();
    assert.equal(catalog.filter, 'API 2');
    assert.equal(calls.pages.at(-1)?.nameContains, 'API 2');
    assert.ok(catalog.otherApis().every((a) => a.displayName.includes('API 2')));
    assert.equal(catalog.loadedCount, 62, 'API 2, API 20-29 and API 200-250');
    assert.equal(catalog.hasMore, false);
    catalog.setFilter('  ');
    assert.equal(catalog.filter, undefined);
  });

  void it('forgets a failed first load so that retry asks again', async () => {
    const { source } = fakeSource(range(5));
    let fail = true;
    const flaky: ApiCatalogSource = { ...source, listPage: (o) => (fail ? Promise.reject(new Error('boom')) : source.listPage(o)) };
    const catalog = new ApiCatalog(flaky, () => undefined, { refineBudget: 0 });
    await assert.rejects(catalog.ensureLoaded(), /boom/);
    fail = false;
    await catalog.ensureLoaded();
    assert.equal(catalog.loadedCount, 5);
  });
});

void describe('ApiCatalog recognition', () => {
  void it('recognises from the list item and the backends without reading anything per API', async () => {
    const apis = [api(1, 'https://generativelanguage.googleapis.com/v1beta/openai'), api(2), api(3, 'https://example.com')];
    const { source, calls } = fakeSource(apis, {
      backends: [backend('api-2-backend', 'https://api.mistral.ai/v1'), backend('other', 'https://api.openai.com/v1')],
    });
    const catalog = new ApiCatalog(source, () => undefined, { refineBudget: 0 });
    await catalog.ensureLoaded();
    assert.deepEqual(
      catalog.llmApis().map((r) => [r.api.apiId, r.recognition.provider]),
      [
        ['api-1', 'Google Gemini'],
        ['api-2', 'Mistral AI'],
      ],
    );
    assert.deepEqual(
      catalog.otherApis().map((a) => a.apiId),
      ['api-3'],
    );
    assert.equal(calls.policies.length, 0);
  });

  void it('moves an API to the LLM group once its policy shows it, and never back', async () => {
    const { source } = fakeSource([api(1)], { backends: [backend('router', 'https://contoso.openai.azure.com/openai')] });
    let changes = 0;
    const catalog = new ApiCatalog(source, () => changes++, { refineBudget: 0 });
    await catalog.ensureLoaded();
    assert.equal(catalog.llmApis().length, 0);
    catalog.refine('api-1', { policyXml: '<set-backend-service backend-id="router" />' });
    assert.equal(catalog.recognitionOf('api-1')?.provider, 'Azure OpenAI');
    assert.equal(changes, 1);
    catalog.refine('api-1', { policyXml: '<policies />', operations: [] });
    assert.equal(catalog.llmApis().length, 1);
    assert.equal(changes, 1);
  });

  void it('reads at most the budgeted number of policies in the background, however many APIs', async () => {
    const policies = { 'api-7': '<llm-token-limit counter-key="k" tokens-per-minute="10" />' };
    const { source, calls } = fakeSource(range(1000), { policies });
    let changed!: () => void;
    const recognised = new Promise<void>((resolve) => (changed = resolve));
    const catalog = new ApiCatalog(source, () => changed(), { refineBudget: 10, refineConcurrency: 3 });
    await catalog.ensureLoaded();
    await recognised;
    for (let i = 0; i < 9; i++) await catalog.loadMore();
    await new Promise((r) => setImmediate(r));
    assert.equal(catalog.loadedCount, 1000);
    assert.equal(calls.policies.length, 10);
    assert.deepEqual(
      catalog.llmApis().map((r) => r.api.apiId),
      ['api-7'],
    );
  });

  void it('guesses an API backend by name only', () => {
    assert.equal(likelyBackendOf('gemini', 'gemini'), true);
    assert.equal(likelyBackendOf('gemini', 'gemini-backend'), true);
    assert.equal(likelyBackendOf('gemini', 'geminiish'), false);
    assert.equal(likelyBackendOf('gem', 'other-gem'), false);
  });
});

void describe('odataString', () => {
  void it('doubles single quotes', () => assert.equal(odataString("it's"), "'it''s'"));
});
