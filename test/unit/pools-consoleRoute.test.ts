// What the console can tell of a pooled request: the region from x-ms-region and the one member in it, attempts only
// from call counts taken before and after (sandbox mode), and the fault path of a member's sandbox account.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ATTEMPTS_BASIS, memberFaultPath, routeOf, sameRegion, throttleFault } from '../../src/domain/pools/consoleRoute';

const members = [
  { memberId: 'a', location: 'swedencentral', backendKey: 'k/a' },
  { memberId: 'b', location: 'eastus2', backendKey: 'k/b' },
  { memberId: 'c', location: 'eastus2', backendKey: 'k/c' },
];

void describe('console route', () => {
  void it('names the region, and the member only when one member is in it', () => {
    assert.deepEqual(routeOf({ 'x-ms-region': 'Sweden Central' }, members), { region: 'Sweden Central', member: 'a' });
    assert.deepEqual(routeOf({ 'x-ms-region': 'East US 2' }, members), { region: 'East US 2' }, 'two members in East US 2');
    assert.deepEqual(routeOf({ 'x-ms-region': 'West Europe' }, []), { region: 'West Europe' });
    assert.equal(routeOf({}, members), undefined, 'nothing said, nothing claimed');
    assert.ok(sameRegion('UK South', 'uksouth') && !sameRegion('East US', 'eastus2'));
  });

  void it("counts attempts as the members' calls between before and after", () => {
    const before = new Map([
      ['k/a', 4],
      ['k/b', 1],
    ]);
    const after = new Map([
      ['k/a', 5],
      ['k/b', 2],
      ['k/c', 0],
      ['k/other', 9],
    ]);
    assert.deepEqual(routeOf({ 'x-ms-region': 'East US 2' }, members, { before, after })?.attempts, { count: 2, basis: ATTEMPTS_BASIS });
    assert.deepEqual(routeOf({}, members, { before, after: before }), { attempts: { count: 0, basis: ATTEMPTS_BASIS } });
  });

  void it('throttles a member by a fault on its URL path and below only', () => {
    const path = memberFaultPath('/aoai/contoso-openai/openai/');
    const re = new RegExp(path, 'i');
    assert.ok(re.test('/aoai/contoso-openai/openai/deployments/gpt-4o-mini/chat/completions'));
    assert.ok(!re.test('/aoai/contoso-openai/openai2/deployments'));
    assert.ok(!re.test('/gateway/svc/aoai/contoso-openai/openai/x'));
    assert.equal(memberFaultPath('/a.b/(c)'), '^/a\\.b/\\(c\\)(/|$)');
    const fault = throttleFault('/aoai/x/openai');
    assert.equal(fault.status, 429);
    assert.equal(fault.retryAfter, 10);
  });
});
