// Pools in the tree, over the sandbox after an Azure OpenAI import over the two seeded accounts: the pool in "Backends"
// with its members (priority, weight, breaker) in priority order, the LLM API's pool expandable to the same members,
// and each backend's "Used by" from the policies the tree has read — a guess said as such until the policy is read.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { ServiceRef } from '../../src/apim/refs';
import { ApiNode } from '../../src/explorer/ApiNode';
import { BackendNode, PoolMemberNode } from '../../src/explorer/poolNodes';
import { ServiceNode } from '../../src/explorer/ServiceNode';
import type { TreeNode } from '../../src/explorer/TreeNode';
import { DEFAULT_BREAKER } from '../../src/domain/pools/breakerRule';
import { accountId, aoaiForm, serviceRef } from './helpers/aoaiFixtures';
import { describeWizardOutcome, importThroughWizard } from './helpers/aoaiWizardImport';
import { recordingHost, sandboxClients } from './helpers/azureClients';
import { sandboxPerSuite } from './helpers/sandbox';

const sb = sandboxPerSuite();
const labels = (nodes: readonly TreeNode[]): string[] => nodes.map((n) => n.item().label);
const byLabel = async (parent: TreeNode, label: string): Promise<TreeNode> => {
  const children = await parent.children();
  const found = children.find((n) => n.item().label === label);
  assert.ok(found, `"${label}" under "${parent.item().label}": ${labels(children).join(', ')}`);
  return found;
};
const MEMBER_1 = 'priority 1 · weight 3 · trips after 2×429/5xx in 1 min for 30 s (or Retry-After)';
const MEMBER_2 = 'priority 2 · weight 1 · trips after 1×429/5xx in 1 min for 1 min (or Retry-After)';

void describe('pools in the tree', () => {
  let service: ServiceRef;
  const node = (): ServiceNode => new ServiceNode(undefined as never, service, recordingHost(sandboxClients(sb)));

  before(async () => {
    service = await serviceRef(sb, 'aiGateway');
    const form = aoaiForm(accountId(sb, 'openai'), {
      displayName: 'Tree pool',
      basePath: 'tree-pool/openai',
      pool: {
        primary: { priority: 1, weight: 3, breaker: { ...DEFAULT_BREAKER, failureCount: 2, tripSeconds: 30 } },
        extra: [{ priority: 2, weight: 1, breaker: DEFAULT_BREAKER, accountId: accountId(sb, 'aiServices') }],
      },
    });
    const { outcome } = await importThroughWizard(sb, service, { form, onExisting: 'conflict' });
    assert.equal(outcome.status, 'succeeded', describeWizardOutcome(outcome));
  });

  void it('shows the pool in "Backends" with its members, their priority, weight and breaker, in priority order', async () => {
    const backends = await byLabel(node(), 'Backends');
    const pool = await byLabel(backends, 'tree-pool-pool');
    assert.ok(pool instanceof BackendNode);
    assert.equal(pool.item().description, 'pool of 2 members');
    assert.equal(pool.item().contextValue, 'aiGateway.backend;pool');
    const [first, second, usedBy] = await pool.children();
    assert.ok(first instanceof PoolMemberNode && second instanceof PoolMemberNode);
    assert.deepEqual(
      [first, second].map((m) => [m.item().label, m.item().description, m.item().contextValue, m.poolId, m.memberId]),
      [
        ['tree-pool-backend', MEMBER_1, 'aiGateway.poolMember', 'tree-pool-pool', 'tree-pool-backend'],
        ['tree-pool-backend-2', MEMBER_2, 'aiGateway.poolMember', 'tree-pool-pool', 'tree-pool-backend-2'],
      ],
    );
    assert.match(first.item().tooltip ?? '', /\/aoai\/contoso-openai\/openai\n.*trips after 2 failures \(429, 5xx\) in 1 min for 30 s/);
    assert.equal(usedBy.item().label, 'Used by');

    const single = await byLabel(backends, 'tree-pool-backend-2');
    assert.equal(single.item().contextValue, 'aiGateway.backend;single');
    const [breaker] = await single.children();
    assert.equal(breaker.item().label, 'Circuit breaker');
    assert.match(breaker.item().tooltip ?? '', /trips after 1 failure \(429, 5xx\) in 1 min for 1 min or as long as Retry-After asks/);
  });

  void it("shows the LLM API's pool, expandable to the same members", async () => {
    const service = node();
    const api = (await service.llmGroup.children()).find((n): n is ApiNode => n instanceof ApiNode && n.api.apiId === 'tree-pool');
    assert.ok(api, 'the imported API is an LLM API');
    const pool = await byLabel(api, 'Pool: tree-pool-pool');
    assert.equal(pool.item().collapsible, 'collapsed');
    const members = await pool.children();
    assert.deepEqual(
      members.map((m) => m.item().description),
      [MEMBER_1, MEMBER_2],
    );
    assert.ok(members.every((m) => m instanceof PoolMemberNode && m.item().contextValue === 'aiGateway.poolMember'));
  });

  void it('says which APIs use a backend: a guess until the policy is read, then the API, directly or through the pool', async () => {
    const service = node();
    await service.catalog.whenComplete();
    const backends = await byLabel(service, 'Backends');
    const usedBy = async (backend: string): Promise<TreeNode[]> => (await byLabel(await byLabel(backends, backend), 'Used by')).children();

    // Nothing has read the new API's policy yet (its service URL already made it an LLM API): the tree says so.
    const guessed = (await usedBy('tree-pool-pool')).find((n) => n.item().label === 'Tree pool');
    assert.equal(guessed?.item().description, 'probably · policy not read yet');

    const api = (await service.llmGroup.children()).find((n): n is ApiNode => n instanceof ApiNode && n.api.apiId === 'tree-pool')!;
    await api.children();
    backends.refresh();
    const direct = (await usedBy('tree-pool-pool')).find((n) => n.item().label === 'Tree pool');
    assert.equal(direct?.item().description, '/tree-pool/openai');
    assert.equal(direct?.item().contextValue, 'aiGateway.backendUser');
    const member = await usedBy('tree-pool-backend');
    assert.deepEqual(
      member.filter((n) => /^(Pool: |Tree pool)/.test(n.item().label)).map((n) => [n.item().label, n.item().description]),
      [
        ['Pool: tree-pool-pool', undefined],
        ['Tree pool', 'through pool tree-pool-pool'],
      ],
    );
    assert.ok(
      member.some((n) => /not been read yet$/.test(n.item().label)),
      `the APIs whose policy was not read are counted: ${labels(member).join(', ')}`,
    );
  });
});
