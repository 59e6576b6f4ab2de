/**
 * No secret leaks: in one real VS Code against the sandbox, a provider key typed into the import wizard (with AI
 * policies whose prerequisites hold an Application Insights connection string, a Redis access key and a Content Safety
 * account), a subscription key fetched by the test console, and the keys behind "Copy Code for API…" and "Copy Key" travel through
 * the extension host and the webviews; then neither they nor any other secret the sandbox holds (subscription keys, secret named values, account keys, the model's key, the
 * ARM token) may be found in the webviews' DOM, the browser's storage (webview state, mementos), or, once everything
 * has stopped and flushed, any file of the user-data-dir, the extensions dir, the workspace or this run's logs.
 *
 * SecretStorage: code-server 4.100 gives the workbench a `secretStorageProvider` that keeps secrets in the browser's
 * localStorage under `secrets.provider`, sealed with AES-GCM under a key minted by the server (`/mint-key`); nothing of
 * it is in the user-data-dir, so every file there is scanned. The only entry left out is that localStorage item.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { Frame } from 'playwright-core';
import { CURL_KEY_VARIABLE } from '../../src/domain/chat/curl';
import type { StoreSnapshot } from '../../src/sandbox/store';
import { httpsCall } from '../integration/helpers/sandbox';
import { choose, clickButton, labelled, UI_TIMEOUT_MS, useWorkbench, type Workbench } from './harness';
import { resultsDir } from './harness/paths';
import { describeFindings, sandboxSecrets, scanFiles, scanText, type Finding, type Secret } from './harness/secretScan';

/** Distinctive, so that a finding cannot be a coincidence. */
const TYPED_KEY = `sk-e2e-${randomBytes(20).toString('hex')}`;
/** The localStorage item of code-server's SecretStorage (sealed); see the header. */
const SECRET_STORAGE_ITEM = 'secrets.provider';

async function sandboxState(wb: Workbench): Promise<StoreSnapshot> {
  const res = await httpsCall(`${wb.connection.hooksUrl}/state`, readFileSync(wb.connection.caCertFile, 'utf8'), {
    headers: { Authorization: `Bearer ${wb.connection.token}` },
  });
  assert.equal(res.status, 200, `state hook: ${res.status}`);
  return res.json<StoreSnapshot>();
}

/**
 * A document's text and attributes, open shadow roots included, except the `value` of password inputs and of the
 * toolkit fields that wrap them: what the user typed may be there, and nowhere else. Run in the page as text (the
 * tests compile without the DOM library).
 */
const DOM_TEXT = `(() => {
  const out = [];
  const walk = (node) => {
    if (node.nodeType === Node.TEXT_NODE) { out.push(node.data); return; }
    if (node.nodeType === Node.ELEMENT_NODE) {
      const masked = (node.tagName === 'INPUT' && node.type === 'password')
        || (node.tagName === 'VSCODE-TEXT-FIELD' && node.getAttribute('type') === 'password');
      for (const a of node.attributes) if (!(masked && (a.name === 'value' || a.name === 'current-value'))) out.push(a.value);
      if (node.shadowRoot) walk(node.shadowRoot);
    }
    for (const child of node.childNodes) walk(child);
  };
  walk(document.documentElement);
  return out.join('\\n');
})()`;

/**
 * Webview state (`setState`) reaches the browser's storage only when the workbench saves its editors (the test
 * console's serializer); until then the workbench keeps it in memory, sent there by the webview's host frame over a
 * MessagePort. Recording those messages in the host frame sees every state the webview sets from then on. Run in the host frame (the parent of the webview's own document).
 */
const RECORD_STATES = `(() => {
  if (window.__aigwStates) return;
  window.__aigwStates = [];
  const post = MessagePort.prototype.postMessage;
  MessagePort.prototype.postMessage = function (message, ...rest) {
    if (message && message.channel === 'do-update-state') window.__aigwStates.push(String(message.data));
    return post.call(this, message, ...rest);
  };
})()`;

async function recordStates(frame: Frame): Promise<() => Promise<string>> {
  const host = frame.parentFrame();
  assert.ok(host, 'a webview document has a host frame');
  await host.evaluate(RECORD_STATES);
  return () => host.evaluate<string>('window.__aigwStates.join("\\n")');
}

/** localStorage (but SecretStorage's item) and every IndexedDB record of the page's origin, as JSON text. */
const BROWSER_STORAGE = `(async () => {
  const local = Object.keys(localStorage).filter((k) => k !== ${JSON.stringify(SECRET_STORAGE_ITEM)}).map((k) => [k, localStorage.getItem(k)]);
  const asText = (v) => typeof v === 'string' ? v : v instanceof Uint8Array || v instanceof ArrayBuffer ? new TextDecoder().decode(v) : JSON.stringify(v);
  const dbs = [];
  for (const info of await indexedDB.databases()) {
    const db = await new Promise((resolve, reject) => { const r = indexedDB.open(info.name); r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
    for (const store of db.objectStoreNames) {
      const read = (method) => new Promise((resolve, reject) => { const r = db.transaction(store).objectStore(store)[method](); r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
      const [keys, values] = [await read('getAllKeys'), await read('getAll')];
      dbs.push({ db: info.name, store, records: keys.map((k, i) => [asText(k), asText(values[i])]) });
    }
    db.close();
  }
  return JSON.stringify({ local, dbs });
})()`;

void describe('secrets never leak to disk, logs, settings or webview state (real VS Code, local sandbox)', () => {
  const workbench = useWorkbench();
  const seen: Array<{ where: string; text: string }> = [];

  void test('a key typed into the import wizard travels to Create, and shows nowhere but its masked field', async (t) => {
    const wb = workbench();
    await wb.openView('AI Gateway');
    await wb.waitForRow('Contoso Production');
    await wb.runCommand('AI Gateway: Import Language Model API…');
    await wb.pick('contoso-ai-gateway');
    const frame = await wb.webviewFrame('Import API: contoso-ai-gateway');
    const states = await recordStates(frame);
    await (await labelled(frame, 'Display name')).locator('input').fill('Leak check');
    await (await labelled(frame, 'URL')).locator('input').fill(wb.connection.geminiEndpoint);
    await (await labelled(frame, 'Header value')).locator('input').fill(TYPED_KEY);
    await clickButton(frame, 'Next');
    // Prerequisites whose credentials the host reads when it writes them: a component's connection string for a new
    // logger, a Redis access key for the external cache; and a Content Safety account, whose keys must stay unread.
    await (await labelled(frame, 'Emit token metrics')).click();
    await choose(frame, 'Send metrics to', 'New logger for Application Insights appi-contoso-prod');
    await (await labelled(frame, 'Semantic caching')).click();
    await choose(frame, 'External cache', 'Register Azure Managed Redis redis-ai-cache');
    await (await labelled(frame, 'Content safety')).click();
    await choose(frame, 'Azure AI Content Safety account', 'contoso-content-safety');
    await clickButton(frame, 'Next');
    await frame.locator('section[aria-label="Review"] table').waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await clickButton(frame, 'Create');
    // Whether the import succeeds is another test's business: the key has been through the host either way.
    await frame
      .locator('h2:has-text("Done"), section[aria-label="Create"] .error-box')
      .first()
      .waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    t.diagnostic(`import: ${(await frame.locator('h2', { hasText: 'Done' }).count()) > 0 ? 'done' : 'failed'}`);
    seen.push({ where: 'import wizard webview DOM', text: await frame.evaluate<string>(DOM_TEXT) });
    const wizardStates = await states();
    assert.ok(wizardStates.includes('Leak check'), "the wizard's webview state was recorded as it changed");
    seen.push({ where: 'import wizard webview state', text: wizardStates });
    await wb.screenshot('secrets-import');
  });

  void test('the test console sends with a subscription key, and "Copy as curl" / "Open as .http" hold a placeholder', async () => {
    const wb = workbench();
    await wb.runCommand('AI Gateway: Open Test Console…');
    await wb.pick('contoso-ai-gateway');
    await wb.pick('OpenAI chat');
    await wb.pick('LLM developers (Unlimited)');
    const frame = await wb.webviewFrame('Test: OpenAI chat');
    const states = await recordStates(frame);
    await frame.locator('#keyStatus', { hasText: 'LLM developers (Unlimited)' }).waitFor({ timeout: UI_TIMEOUT_MS });
    await frame.locator('#userMessage textarea').fill('Is my key safe?');
    await frame.locator('#send').click();
    await frame.locator('[data-metric="status"]').waitFor({ timeout: UI_TIMEOUT_MS });
    assert.equal((await frame.locator('[data-metric="status"] td').innerText()).trim(), '200', 'the gateway accepted the key');

    await wb.page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: wb.url });
    // A sent turn empties the message box: the next turn is what "Copy as curl" copies.
    await frame.locator('#userMessage textarea').fill('And now?');
    await frame.locator('#copyCurl').click();
    await wb.page.locator('.notifications-toasts', { hasText: 'Copied the' }).waitFor({ timeout: UI_TIMEOUT_MS });
    const curl = await wb.page.evaluate<string>('navigator.clipboard.readText()');
    assert.ok(curl.includes(`$${CURL_KEY_VARIABLE}`), 'the curl command names the key variable');
    seen.push({ where: 'clipboard after "Copy as curl"', text: curl });

    await frame.locator('#openHttp').click();
    const editor = wb.page.locator('.editor-instance .monaco-editor .view-lines').filter({ hasText: 'POST' }).last();
    await editor.waitFor({ timeout: UI_TIMEOUT_MS });
    const http = await editor.innerText();
    assert.match(http, /\{\{\w+\}\}/, 'the .http file reads the key from a variable');
    seen.push({ where: '.http editor', text: http });

    seen.push({ where: 'test console webview DOM', text: await frame.evaluate<string>(DOM_TEXT) });
    const consoleStates = await states();
    assert.ok(consoleStates.includes('Is my key safe?'), "the console's webview state was recorded as it changed");
    seen.push({ where: 'test console webview state', text: consoleStates });
    seen.push({ where: 'workbench DOM', text: await wb.page.evaluate<string>(DOM_TEXT) });
    await wb.screenshot('secrets-console');
  });

  void test('"Copy Code for API…" and "Copy Key" leave no key in the code, the notifications or the workbench', async () => {
    const wb = workbench();
    await wb.page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: wb.url });
    await wb.runCommand('AI Gateway: Copy Code for API…');
    await wb.pick('contoso-ai-gateway');
    await wb.pick('OpenAI chat');
    await wb.pick('LLM developers (Unlimited)');
    await wb.pick('Python');
    await wb.pick('gpt-4o-mini');
    await wb.page.locator('.notifications-toasts', { hasText: 'Copied the Python code' }).waitFor({ timeout: UI_TIMEOUT_MS });
    const code = await wb.page.evaluate<string>('navigator.clipboard.readText()');
    assert.match(code, /os\.environ\["LLM_UNLIMITED_KEY"\]/, 'the code reads the key from the environment');
    seen.push({ where: 'clipboard after "Copy Code for API…"', text: code });

    // Copy Key puts a key on the clipboard (that is its job) and nowhere else: not in the notification, the DOM or a log.
    await wb.runCommand('AI Gateway: Copy Key');
    await wb.pick('contoso-ai-gateway');
    await wb.pick('LLM developers (Unlimited)');
    await wb.pick('Primary key');
    await wb.page.locator('.notifications-toasts', { hasText: 'Copied the primary key' }).waitFor({ timeout: UI_TIMEOUT_MS });
    seen.push({ where: 'workbench DOM after "Copy Key"', text: await wb.page.evaluate<string>(DOM_TEXT) });
    await wb.page.evaluate('navigator.clipboard.writeText("")');
  });

  void test("no secret in the DOM, the browser's storage, or any file the run wrote", async (t) => {
    const wb = workbench();
    const state = await sandboxState(wb);
    const secrets: Secret[] = [
      { kind: 'provider key typed into the wizard', value: TYPED_KEY },
      { kind: 'mock model key', value: wb.connection.modelKey },
      { kind: 'sandbox ARM token', value: wb.connection.token },
      ...sandboxSecrets(state),
    ];
    const kinds = new Set(secrets.map((s) => s.kind));
    for (const kind of [
      'APIM subscription primaryKey',
      'APIM subscription secondaryKey',
      'secret named value',
      'account key',
      'Application Insights instrumentation key',
    ]) {
      assert.ok(kinds.has(kind), `the sandbox's state holds a ${kind} (else the state's shape changed and this test checks nothing)`);
    }
    t.diagnostic(
      `the typed key is ${sandboxSecrets(state).some((s) => s.value.includes(TYPED_KEY)) ? '' : 'not '}in a secret named value of the sandbox`,
    );

    // Leaving the workbench saves its state (editors, VS Code's and the extensions' mementos) to the origin's
    // IndexedDB; a plain page of the same origin then reads it back.
    await wb.page.goto(`${wb.url}/healthz`);
    seen.push({ where: 'browser storage (localStorage, IndexedDB)', text: await wb.page.evaluate<string>(BROWSER_STORAGE) });
    assert.ok(seen.at(-1)?.text.includes('memento/workbench.parts.editor'), 'the browser storage holds the workbench state');
    // The console cached its subscription key in SecretStorage: the item left out above is where it went.
    const secretStorage = await wb.page.evaluate<string | null>(`localStorage.getItem(${JSON.stringify(SECRET_STORAGE_ITEM)})`);
    assert.ok(secretStorage !== null, 'SecretStorage holds the cached subscription key');
    t.diagnostic(
      `SecretStorage item: ${scanText('', secretStorage, secrets).length === 0 ? 'sealed, no secret readable' : 'a secret is readable in it'}`,
    );

    const findings: Finding[] = seen.flatMap((s) => scanText(s.where, s.text, secrets));
    let scanned = 0;
    await wb.stop(() => {
      const logs = join(resultsDir, 'logs');
      // Of test-results/logs, only this process's runs (the harness names them `<kind>-<pid>-<n>`).
      const ours = (path: string): boolean => !path.startsWith(logs) || path.includes(`-${process.pid}-`);
      const sandboxLog = (path: string): boolean => path.startsWith(join(logs, `sandbox-${process.pid}-`));
      const scan = scanFiles([wb.userDataDir, wb.extensionsDir, wb.workspaceDir, logs], secrets, (path) => ours(path) && !sandboxLog(path));
      findings.push(...scan.findings);
      scanned = scan.paths.length;
      // The sandbox CLI prints its connection line (the ARM token and the mock model's key) on stdout: that is how its
      // clients learn them, and the harness keeps stdout in the sandbox's log. That one line is left out; the rest of
      // the sandbox's log is scanned like any other file.
      const connectionLine = readFileSync(wb.connectionFile, 'utf8').trim();
      for (const path of scanFiles([logs], [], sandboxLog).paths) {
        const text = readFileSync(path, 'utf8');
        assert.ok(text.includes(connectionLine), 'the sandbox log holds the connection line it printed');
        findings.push(...scanText(path, text.replace(connectionLine, ''), secrets));
        scanned++;
      }
    });
    assert.ok(scanned > 0, 'files were scanned');
    t.diagnostic(`scanned ${scanned} files and ${seen.length} texts for ${secrets.length} secrets`);
    assert.equal(findings.length, 0, `Secrets found (kind and form; values not shown):\n${describeFindings(findings)}`);
  });
});
