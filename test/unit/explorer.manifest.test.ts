/**
 * The manifest and the code agree: every command is declared with the "AI Gateway" category and registered on
 * activation; activation happens only on our view, commands and policy files; activating loads no Azure SDK.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { commandIds } from '../../src/contributes';
import { createFakeVscode, installFakeVscode, type FakeVscode } from './helpers/fakeVscode';

interface Manifest {
  displayName: string;
  activationEvents: string[];
  contributes: {
    commands: { command: string; title: string; category: string }[];
    viewsContainers: { activitybar: { id: string; title: string }[] };
    views: Record<string, { id: string; name: string }[]>;
    viewsWelcome: { view: string; when: string; contents: string }[];
    menus: Record<string, { command: string; when?: string }[]>;
    configuration: { properties: Record<string, { enum?: string[]; default?: unknown; markdownDescription?: string }> };
  };
}

const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as Manifest;
/** Commands the import wizard and test console register from their own modules. */

void describe('manifest', () => {
  void it('names the extension, its view container and its view', () => {
    assert.equal(manifest.displayName, 'AI Gateway for Azure API Management');
    assert.deepEqual(
      manifest.contributes.viewsContainers.activitybar.map((c) => [c.id, c.title]),
      [['aiGateway', 'AI Gateway']],
    );
    assert.deepEqual(
      manifest.contributes.views.aiGateway?.map((v) => [v.id, v.name]),
      [['aiGateway.instances', 'Instances']],
    );
  });

  void it('declares exactly the command ids of src/contributes.ts, each in the "AI Gateway" category', () => {
    const declared = manifest.contributes.commands.map((c) => c.command).sort();
    assert.deepEqual(declared, Object.values(commandIds).sort());
    for (const c of manifest.contributes.commands) {
      assert.equal(c.category, 'AI Gateway', c.command);
      assert.doesNotMatch(c.title, /\.$/, `${c.command}: no trailing period`);
    }
  });

  void it('activates only on its own view, policy files and restored test consoles (commands are inferred by VS Code)', () => {
    assert.deepEqual(manifest.activationEvents, [
      'onView:aiGateway.instances',
      'onFileSystem:aigateway-policy',
      'onWebviewPanel:aiGateway.testConsole',
    ]);
  });

  void it('hides the commands that need a tree node from the palette', () => {
    const hidden = new Set(manifest.contributes.menus.commandPalette?.filter((m) => m.when === 'false').map((m) => m.command));
    for (const id of [commandIds.retry, commandIds.loadMore, commandIds.clearFilter, commandIds.filterApis]) assert.ok(hidden.has(id), id);
  });

  void it('has welcome views for signed out, no subscriptions and no instances (offering the sandbox)', () => {
    const welcome = (when: RegExp) => manifest.contributes.viewsWelcome.find((w) => when.test(w.when))?.contents ?? '';
    assert.match(welcome(/signedOut/), /\[Sign in to Azure\]\(command:aiGateway\.signIn\)/);
    assert.match(welcome(/noSubscriptions/), /command:aiGateway\.selectSubscriptions/);
    assert.match(welcome(/noInstances/), /\[Start Local Sandbox\]\(command:aiGateway\.startSandbox\)/);
  });

  void it('documents the settings', () => {
    const props = manifest.contributes.configuration.properties;
    assert.deepEqual(props['aiGateway.environment']?.enum, ['AzureCloud', 'AzureChinaCloud', 'AzureUSGovernment', 'sandbox']);
    assert.equal(props['aiGateway.environment']?.default, 'AzureCloud');
    assert.deepEqual(props['aiGateway.authentication']?.enum, ['vscode', 'azureCli', 'environment']);
    for (const key of ['aiGateway.tenantId', 'aiGateway.sandbox.connectionFile', 'aiGateway.sandbox.latencyMs']) {
      assert.ok(props[key]?.markdownDescription, key);
    }
  });

  void it('only refers to declared commands in menus', () => {
    const declared = new Set(manifest.contributes.commands.map((c) => c.command));
    for (const [menu, items] of Object.entries(manifest.contributes.menus)) {
      for (const item of items) assert.ok(declared.has(item.command), `${menu}: ${item.command}`);
    }
  });
});

void describe('activation', () => {
  let fake: FakeVscode;
  let loadedAzure: string[];

  before(async () => {
    fake = createFakeVscode();
    installFakeVscode(fake);
    const cache = (Module as unknown as { _cache: Record<string, unknown> })._cache;
    const azureBefore = new Set(Object.keys(cache).filter((k) => k.includes(`${join('node_modules', '@azure')}`)));
    const extension = (await import('../../src/extension.js')) as typeof import('../../src/extension.js');
    const context = fake.extensionContext(process.cwd(), mkdtempSync(join(tmpdir(), 'aigw-')), '0.0.0-test');
    extension.activate(context as never);
    // Activation kicked off the sign-in check; let it settle before looking.
    for (let i = 0; i < 50 && !fake.contexts.has('aiGateway.state'); i++) await new Promise((r) => setImmediate(r));
    loadedAzure = Object.keys(cache).filter((k) => k.includes(join('node_modules', '@azure')) && !azureBefore.has(k));
  });

  void it('registers every command the manifest declares', () => {
    for (const c of manifest.contributes.commands) assert.ok(fake.commands.has(c.command), c.command);
  });

  void it('registers the view and the policy file system', () => {
    assert.ok(fake.treeProviders.has('aiGateway.instances'));
    assert.ok(fake.fileSystems.has('aigateway-policy'));
  });

  void it('restores a webview panel for every onWebviewPanel activation event', () => {
    const viewTypes = manifest.activationEvents
      .filter((e) => e.startsWith('onWebviewPanel:'))
      .map((e) => e.slice('onWebviewPanel:'.length));
    assert.deepEqual([...fake.panelSerializers].sort(), viewTypes.sort());
  });

  void it('loads no Azure SDK module', () => {
    assert.deepEqual(loadedAzure, []);
  });

  void it('shows the signed-out welcome when VS Code has no Microsoft session', async () => {
    assert.equal(fake.contexts.get('aiGateway.state'), 'signedOut');
    assert.deepEqual(await fake.treeProviders.get('aiGateway.instances')!.getChildren(), []);
  });
});
