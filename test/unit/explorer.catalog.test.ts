/**
 * ApiCatalog over an in-memory list paged like APIM: the whole list in the background in parallel pages, LLM APIs
 * recognised wherever they are, the policy budget, "Other APIs" 100 rows at a time from memory, cancel and resume,
 * and change notifications per group.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ApiSummary } from '../../src/apim/apis';
import type { BackendSummary } from '../../src/apim/backends';
import type { CountedPage } from '../../src/apim/paging';
import type { ServiceRef } from '../../src/apim/refs';
import { ApiCatalog } from '../../src/explorer/ApiCatalog';
import type { ApiCatalogSource, ApiGroupKind } from '../../src/explorer/apiCatalogTypes';
import { likelyBackendOf } from '../../src/domain/recognition';
import { refineBudgetFor, refineRank } from '../../src/domain/recognitionBudget';

const service: ServiceRef = {
  id: '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.ApiManagement/service/svc',
  subscriptionId: 's1',
  resourceGroup: 'rg',
  name: 'svc',
  gatewayUrl: 'https://svc.azure-api.net',
};

function api(n: number, serviceUrl: string | undefined = 'https://backend.example.com'): ApiSummary {
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

const gemini = 'https://generativelanguage.googleapis.com/v1beta/openai';

/** A source over an in-memory list, paged like APIM (100 a page, `count`, nextLink = next offset), counting calls. */
function fakeSource(
  apis: ApiSummary[],
  options: { backends?: BackendSummary[]; policies?: Record<string, string>; failPage?: (skip: number) => boolean } = {},
) {
  const calls = { pages: [] as { skip: number; nameContains?: string }[], backends: 0, policies: [] as string[] };
  const source: ApiCatalogSource = {
    listPage: async ({ skip, continuationToken, nameContains }) => {
      const start = continuationToken ? Number(continuationToken) : skip;
      calls.pages.push({ skip: start, ...(nameContains ? { nameContains } : {}) });
      await new Promise((r) => setImmediate(r));
      if (options.failPage?.(start)) throw Object.assign(new Error('Forbidden'), { statusCode: 403 });
      const matching = nameContains ? apis.filter((a) => a.displayName.includes(nameContains)) : apis;
      const items = matching.slice(start, start + 100);
      const next = start + 100 < matching.length ? String(start + 100) : undefined;
      return { items, count: matching.length, ...(next ? { continuationToken: next } : {}) } satisfies CountedPage<ApiSummary>;
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

const range = (n: number, f: (i: number) => ApiSummary = (i) => api(i)): ApiSummary[] => Array.from({ length: n }, (_, i) => f(i + 1));
const ids = (apis: readonly { apiId: string }[]) => apis.map((a) => a.apiId);

function recorder() {
  const changes: ApiGroupKind[][] = [];
  return { changes, onChanged: (groups: ReadonlySet<ApiGroupKind>) => changes.push([...groups].sort()) };
}

void describe('ApiCatalog: the whole list in the background', () => {
  void it('lists every page once by $skip, and finds the LLM APIs of the first, a middle and the last page', async () => {
    const apis = range(1003, (i) => api(i, i === 2 || i === 500 || i === 1003 ? gemini : undefined));
    const { source, calls } = fakeSource(apis);
    const { changes, onChanged } = recorder();
    const catalog = new ApiCatalog(source, onChanged, { refineBudget: 0 });
    await catalog.ensureLoaded();
    assert.ok(catalog.loadedCount >= 100);
    await catalog.whenComplete();
    assert.deepEqual(ids(catalog.llmApis().map((r) => r.api)), ['api-2', 'api-500', 'api-1003']);
    assert.deepEqual(
      calls.pages.map((p) => p.skip).sort((a, b) => a - b),
      Array.from({ length: 11 }, (_, i) => i * 100),
    );
    assert.equal(calls.backends, 1);
    assert.deepEqual(catalog.progress, { loaded: 1003, total: 1003, complete: true });
    assert.deepEqual(changes.at(-1), ['llm', 'other'], 'completion redraws both groups once');
    await catalog.ensureLoaded();
    assert.equal(calls.pages.length, 11, 'nothing is asked twice');
  });

  void it('asks for the first page and the backends at the same time, once', async () => {
    let releaseBackends!: () => void;
    const { source, calls } = fakeSource(range(3));
    let pageAskedBeforeBackendsAnswered = false;
    const gated: ApiCatalogSource = {
      ...source,
      listBackends: () => new Promise((resolve) => (releaseBackends = () => resolve([]))),
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

  void it('sends the filter to the server on every page, and drops answers to the list before it', async () => {
    const { source, calls } = fakeSource(range(450));
    const catalog = new ApiCatalog(source, () => undefined, { refineBudget: 0 });
    await catalog.ensureLoaded();
    catalog.setFilter('API 2');
    await catalog.whenComplete();
    assert.equal(catalog.filter, 'API 2');
    const filtered = calls.pages.filter((p) => p.nameContains === 'API 2');
    assert.equal(filtered.length, 2, 'API 2, 20-29, 200-299: 111 APIs in two pages');
    assert.ok(catalog.window('other').rows.every((a) => a.displayName.includes('API 2')));
    assert.equal(catalog.loadedCount, 111);
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

  void it('keeps the rows of a list that failed halfway, and a retry asks only the pages missing', async () => {
    let failing = true;
    const { source, calls } = fakeSource(range(600), { failPage: (skip) => failing && skip === 300 });
    const { changes, onChanged } = recorder();
    const catalog = new ApiCatalog(source, onChanged, { refineBudget: 0, pageConcurrency: 1 });
    await catalog.ensureLoaded();
    await assert.rejects(catalog.whenComplete(), /Forbidden/);
    assert.ok(catalog.progress.failure, 'the failure is kept for the error row');
    assert.equal(catalog.loadedCount, 300);
    assert.deepEqual(changes.at(-1), ['llm', 'other']);
    failing = false;
    const before = calls.pages.length;
    await catalog.whenComplete();
    assert.equal(catalog.loadedCount, 600);
    assert.deepEqual(
      calls.pages.slice(before).map((p) => p.skip),
      [300, 400, 500],
    );
  });

  void it('stops when cancelled (the instance collapsed) and goes on with the missing pages later', async () => {
    const { source, calls } = fakeSource(range(2000));
    const catalog = new ApiCatalog(source, () => undefined, { refineBudget: 0, pageConcurrency: 2 });
    await catalog.ensureLoaded();
    catalog.cancel();
    assert.equal(catalog.loading, false);
    await new Promise((r) => setTimeout(r, 5));
    const asked = calls.pages.length;
    const loaded = catalog.loadedCount;
    assert.ok(asked < 20, `stopped: ${asked} pages asked`);
    await catalog.whenComplete();
    assert.equal(catalog.loadedCount, 2000);
    assert.ok(calls.pages.length - asked <= 20 - loaded / 100, 'loaded pages are not asked again');
  });
});

void describe('ApiCatalog: groups', () => {
  void it('shows 100 other APIs, and 100 more per "Show more" from memory', async () => {
    const { source, calls } = fakeSource(range(350));
    const { changes, onChanged } = recorder();
    const catalog = new ApiCatalog(source, onChanged, { refineBudget: 0 });
    await catalog.whenComplete();
    let window = catalog.window('other');
    assert.equal(window.rows.length, 100);
    assert.equal(window.more, true);
    assert.equal(window.count, 350);
    const asked = calls.pages.length;
    changes.length = 0;
    catalog.showMore('other');
    catalog.showMore('other');
    catalog.showMore('other');
    window = catalog.window('other');
    assert.equal(window.rows.length, 350);
    assert.equal(window.more, false);
    assert.equal(calls.pages.length, asked);
    assert.deepEqual(changes, [['other'], ['other'], ['other']], 'only "Other APIs" redraws');
  });

  void it('tells only "LLM APIs" about pages that arrive past the window of "Other APIs"', async () => {
    const { source } = fakeSource(range(3000));
    const { changes, onChanged } = recorder();
    const catalog = new ApiCatalog(source, onChanged, { refineBudget: 0, redrawMs: 0 });
    await catalog.whenComplete();
    const middle = changes.slice(0, -1);
    assert.ok(middle.length > 0);
    assert.ok(
      middle.slice(1).every((g) => g.join() === 'llm'),
      JSON.stringify(middle),
    );
  });

  void it('shows a revealed API in its group wherever it is in the list', async () => {
    const { source } = fakeSource(range(500));
    const catalog = new ApiCatalog(source, () => undefined, { refineBudget: 0 });
    await catalog.whenComplete();
    assert.ok(!ids(catalog.window('other').rows).includes('api-450'));
    catalog.pin('api-450');
    assert.deepEqual(ids(catalog.window('other').rows).slice(-1), ['api-450']);
    catalog.add(api(9999));
    assert.deepEqual(ids(catalog.window('other').rows).slice(-2), ['api-450', 'api-9999']);
  });
});

void describe('ApiCatalog: recognition', () => {
  void it('recognises from the list item and the backends without reading anything per API', async () => {
    const apis = [api(1, gemini), api(2), api(3, 'https://example.com')];
    const { source, calls } = fakeSource(apis, {
      backends: [backend('api-2-backend', 'https://api.mistral.ai/v1'), backend('other', 'https://api.openai.com/v1')],
    });
    const catalog = new ApiCatalog(source, () => undefined, { refineBudget: 0 });
    await catalog.whenComplete();
    assert.deepEqual(
      catalog.llmApis().map((r) => [r.api.apiId, r.recognition.provider]),
      [
        ['api-1', 'Google Gemini'],
        ['api-2', 'Mistral AI'],
      ],
    );
    assert.deepEqual(ids(catalog.window('other').rows), ['api-3']);
    assert.equal(calls.policies.length, 0);
  });

  void it('moves an API to the LLM group once its policy shows it, and never back', async () => {
    const { source } = fakeSource([api(1, '')], { backends: [backend('router', 'https://contoso.openai.azure.com/openai')] });
    const { changes, onChanged } = recorder();
    const catalog = new ApiCatalog(source, onChanged, { refineBudget: 0 });
    await catalog.whenComplete();
    assert.equal(catalog.llmApis().length, 0);
    changes.length = 0;
    catalog.refine('api-1', { policyXml: '<set-backend-service backend-id="router" />' });
    assert.equal(catalog.recognitionOf('api-1')?.provider, 'Azure OpenAI');
    assert.deepEqual(changes, [['llm', 'other']], 'it left the rows of "Other APIs": both groups redraw in one event');
    catalog.refine('api-1', { policyXml: '<policies />', operations: [] });
    assert.equal(catalog.llmApis().length, 1);
    assert.equal(changes.length, 1);
  });

  void it('reads the policies of candidates only, within the budget, while the pages come', async () => {
    // 5,000 APIs that say where they go, 30 without a serviceUrl, and an LLM-sounding one: 31 candidates.
    const apis = range(5000, (i) => (i % 100 === 7 && i < 3000 ? api(i, '') : api(i)));
    apis[4321] = { ...apis[4321], apiId: 'chat-gpt', displayName: 'Chat GPT' };
    const policies = {
      'api-2907': '<llm-token-limit counter-key="k" tokens-per-minute="10" />',
      'chat-gpt': '<azure-openai-token-limit />',
    };
    const { source, calls } = fakeSource(apis, { policies });
    const catalog = new ApiCatalog(source, () => undefined, { refineConcurrency: 3 });
    await catalog.whenComplete();
    for (let i = 0; i < 100 && calls.policies.length < 31; i++) await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    assert.equal(calls.policies.length, 31);
    assert.deepEqual(ids(catalog.llmApis().map((r) => r.api)), ['api-2907', 'chat-gpt']);
  });

  void it('never reads more policies than the budget', async () => {
    const { source, calls } = fakeSource(range(1000, (i) => api(i, '')));
    const catalog = new ApiCatalog(source, () => undefined, { refineBudget: 10, refineConcurrency: 3 });
    await catalog.whenComplete();
    for (let i = 0; i < 50; i++) await new Promise((r) => setImmediate(r));
    assert.equal(calls.policies.length, 10);
  });

  void it('ranks candidates and scales the budget with the instance', () => {
    assert.equal(refineRank({ apiId: 'orders', displayName: 'Orders', path: 'orders' }), 0);
    assert.equal(refineRank({ apiId: 'orders', displayName: 'Orders', path: 'orders', serviceUrl: 'https://x' }), undefined);
    assert.equal(refineRank({ apiId: 'support_chat', displayName: 'Support', path: 's', serviceUrl: 'https://x' }), 1);
    assert.equal(refineRank({ apiId: 'api-1', displayName: 'Sample API 1', path: 'samples/api-1', serviceUrl: 'https://x' }), undefined);
    assert.deepEqual([10, 2000, 10_000, 100_000].map(refineBudgetFor), [50, 100, 500, 500]);
  });

  void it('guesses an API backend by name only', () => {
    assert.equal(likelyBackendOf('gemini', 'gemini'), true);
    assert.equal(likelyBackendOf('gemini', 'gemini-backend'), true);
    assert.equal(likelyBackendOf('gemini', 'geminiish'), false);
    assert.equal(likelyBackendOf('gem', 'other-gem'), false);
  });
});
