// "Use a new path": a second import at a taken path takes the free path the host proposes, both APIs answer through
// the gateway, and nothing of the first import changes.
import assert from 'node:assert/strict';
import { before, beforeEach, describe, it } from 'node:test';
import type { ServiceRef } from '../../src/apim/refs';
import type { LmApiForm } from '../../src/domain/import/lmApiForm';
import type { LanguageModelInput } from '../../src/protocol/languageModelInput';
import { formFor, gatewayService, sandboxClients, stateOf } from './helpers/lmImport';
import { lastEvent, recordingWizard, type RecordingWizard } from './helpers/recordingWizard';
import { DEMO_NAMES, sandboxPerSuite } from './helpers/sandbox';

interface ChatBody {
  readonly usage?: { readonly total_tokens: number };
}

void describe('Language Model API import: "Use a new path" on a taken path or id', () => {
  const sb = sandboxPerSuite();
  let service: ServiceRef;
  let subscriptionKey: string;
  const { resourceGroup, service: serviceName } = DEMO_NAMES.aiGateway;

  before(async () => {
    service = await gatewayService(sb);
    subscriptionKey = (await sb.apim().subscription.listSecrets(resourceGroup, serviceName, 'master')).primaryKey!;
  });
  beforeEach(async () => {
    await sb.hooks.reset();
  });

  const form = (overrides: Partial<LmApiForm>): LmApiForm =>
    formFor('gemini', sb, { path: 'gemini', url: sb.connection.geminiEndpoint, products: ['starter'], ...overrides });
  const input = (f: LmApiForm, extra: Partial<LanguageModelInput> = {}): LanguageModelInput => ({
    mode: 'languageModel',
    form: f,
    onExisting: 'conflict',
    ...extra,
  });

  const chat = async (path: string): Promise<number> => {
    const res = await sb.http(`${service.gatewayUrl}/${path}/chat/completions`, {
      method: 'POST',
      headers: { 'api-key': subscriptionKey },
      body: { model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'Say hello' }], max_tokens: 20 },
    });
    assert.equal(res.status, 200, res.text);
    assert.ok((res.json<ChatBody>().usage?.total_tokens ?? 0) > 0, res.text);
    return res.status;
  };

  async function create(wizard: RecordingWizard, requestId: number, i: LanguageModelInput): Promise<void> {
    await wizard.controller.handle({ type: 'create', requestId, input: i, key: sb.connection.modelKey });
    const finished = lastEvent(wizard.events, 'finished');
    assert.equal(finished?.requestId, requestId, JSON.stringify(wizard.events.at(-1)));
    assert.equal(finished.outcome.status, 'succeeded', JSON.stringify(finished.outcome));
  }

  /** Every resource that existed before is still there, exactly as it was (ETags aside). */
  function assertUntouched(before: unknown[], after: unknown[]): void {
    const now = new Map(after.map((r) => [(r as { id: string }).id.toLowerCase(), r]));
    for (const r of before) assert.deepEqual(now.get((r as { id: string }).id.toLowerCase()), r);
    assert.ok(after.length > before.length, 'the second import added its own resources');
  }

  void it('same display name and path (the API id is taken): the proposal creates gemini-2 next to gemini', async () => {
    const first = recordingWizard(sandboxClients(sb), service);
    await first.controller.handle({ type: 'ready' });
    await create(first, 1, input(form({ displayName: 'Gemini' })));
    await chat('gemini');
    const before = await stateOf(sb);

    const second = recordingWizard(sandboxClients(sb), service);
    await second.controller.handle({ type: 'ready' });
    // Not the same import again (that is an idempotent re-run): another description for the same id and path.
    const again = input(form({ displayName: 'Gemini', description: 'For team B' }));
    await second.controller.handle({ type: 'review', requestId: 1, input: again, key: sb.connection.modelKey });
    const conflict = lastEvent(second.events, 'reviewReady');
    assert.ok(conflict, JSON.stringify(second.events.at(-1)));
    assert.equal(conflict.review.hasConflicts, true);
    assert.equal(conflict.review.steps.find((s) => s.id === 'api:gemini')?.action, 'conflict');
    assert.deepEqual(conflict.review.newPath, { path: 'gemini-2', apiId: 'gemini-2' });

    // One click: the webview sends what it has; the host moves it and reviews again.
    await second.controller.handle({ type: 'useNewPath', requestId: 2, input: again, key: sb.connection.modelKey });
    const moved = lastEvent(second.events, 'reviewReady');
    assert.equal(moved?.requestId, 2, JSON.stringify(second.events.at(-1)));
    assert.deepEqual(moved.newPath, { path: 'gemini-2', apiId: 'gemini-2' });
    assert.equal(moved.review.hasConflicts, false);
    assert.equal(moved.review.newPath, undefined);
    assert.deepEqual(
      moved.review.steps.map((s) => [s.id, s.action]),
      [
        ['namedValue:gemini-2-key', 'create'],
        ['backend:gemini-2-backend', 'create'],
        ['api:gemini-2', 'create'],
        ['operation:gemini-2/chat-completions', 'create'],
        ['apiPolicy:gemini-2', 'create'],
        ['productApi:starter/gemini-2', 'create'],
      ],
    );
    assert.match(moved.review.endpoint, /\/gemini-2$/);

    // What the form sends after taking the proposal.
    await create(
      second,
      3,
      input(form({ displayName: 'Gemini', description: 'For team B', path: moved.newPath.path }), { apiId: moved.newPath.apiId }),
    );
    assert.equal(await chat('gemini'), 200);
    assert.equal(await chat('gemini-2'), 200);
    assertUntouched(before, await stateOf(sb));
  });

  void it('another API took the path after the wizard opened (blocked): the proposal skips numbers already taken', async () => {
    // The second wizard reads the instance before the first import exists: its live path check cannot see the clash.
    const second = recordingWizard(sandboxClients(sb), service);
    await second.controller.handle({ type: 'ready' });

    const first = recordingWizard(sandboxClients(sb), service);
    await first.controller.handle({ type: 'ready' });
    await create(first, 1, input(form({ displayName: 'Gemini' })));
    // gemini-2 is taken too, by an API of another name: the proposal goes on to gemini-3.
    await create(first, 2, input(form({ displayName: 'Other gemini', path: 'gemini-2' })));
    const before = await stateOf(sb);

    const mine = input(form({ displayName: 'Gemini for team B' }));
    await second.controller.handle({ type: 'review', requestId: 1, input: mine, key: sb.connection.modelKey });
    const blocked = lastEvent(second.events, 'reviewReady');
    assert.ok(blocked, JSON.stringify(second.events.at(-1)));
    assert.equal(blocked.review.hasBlockingConflicts, true);
    assert.deepEqual(blocked.review.newPath, { path: 'gemini-3', apiId: 'gemini-for-team-b-3' });

    await second.controller.handle({ type: 'useNewPath', requestId: 2, input: mine, key: sb.connection.modelKey });
    const moved = lastEvent(second.events, 'reviewReady');
    assert.equal(moved?.requestId, 2, JSON.stringify(second.events.at(-1)));
    assert.equal(moved.review.hasConflicts, false);
    assert.ok(
      moved.review.steps.every((s) => s.action === 'create'),
      JSON.stringify(moved.review.steps),
    );

    await create(second, 3, input(form({ displayName: 'Gemini for team B', path: moved.newPath!.path }), { apiId: moved.newPath!.apiId }));
    assert.equal(await chat('gemini'), 200);
    assert.equal(await chat('gemini-2'), 200);
    assert.equal(await chat('gemini-3'), 200);
    assertUntouched(before, await stateOf(sb));
  });

  void it('a hostile API id from the webview is refused before anything is read or written', async () => {
    const wizard = recordingWizard(sandboxClients(sb), service);
    const before = await stateOf(sb);
    await wizard.controller.handle({
      type: 'create',
      requestId: 1,
      input: { ...input(form({ displayName: 'Gemini' })), apiId: '../other' },
      key: sb.connection.modelKey,
    });
    const error = lastEvent(wizard.events, 'error');
    assert.match(
      error?.message ?? '',
      /^The wizard sent a request the extension could not accept \("apiId" must be lowercase letters, digits and single dashes/,
    );
    assert.deepEqual(await stateOf(sb), before);
  });
});
