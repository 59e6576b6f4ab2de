/**
 * The form of the wizard's "Azure OpenAI" mode: "From the resource" (an account with its deployments, a bundled API
 * version, managed identity or "Use an API key instead") or "From the OpenAPI spec" (a bundled version or a local JSON
 * or YAML file). It validates as the user types with the same rules the host applies again, and hands the wizard an
 * `AzureOpenAiInput`; Review, Create and progress are the wizard's, shared by every mode.
 */
import type { AoaiAuth, AoaiForm, AoaiMode } from '../../src/llm/azureOpenAi/aoaiForm';
import { validateAoaiForm, type AoaiFieldErrors } from '../../src/llm/azureOpenAi/aoaiValidation';
import { checkBasePath } from '../../src/llm/azureOpenAi/basePath';
import { INFERENCE_API_VERSIONS, LATEST_INFERENCE_API_VERSION, isInferenceApiVersion } from '../../src/llm/azureOpenAi/inferenceVersions';
import { listSpecOperations, parseOpenApiText } from '../../src/llm/azureOpenAi/openApiDocument';
import { SUBSCRIPTION_KEY_HEADERS, type SubscriptionKeyHeader } from '../../src/llm/lmApiForm';
import type { AccountView, AoaiModeReply, AzureOpenAiInput } from '../../src/protocol/azureOpenAiImport';
import type { WizardFacts } from '../../src/protocol/importWizard';

export interface AzureOpenAiFormOptions {
  /** Asks the host for the accounts (the wizard sends a `modeRequest` and resolves with the `modeReply`). */
  readonly listAccounts: () => Promise<AoaiModeReply>;
  /** Called on every change, so the wizard can enable its Review button. */
  readonly onChange?: () => void;
}

export interface AzureOpenAiFormView {
  readonly element: HTMLElement;
  /** The input as it stands, for Review and Create. */
  input(): AzureOpenAiInput;
  /** Checks every field with the host's rules and shows the errors; true when valid. */
  validate(): boolean;
  /** Errors the host found (e.g. a path taken meanwhile), shown next to their fields. */
  showErrors(errors: Readonly<Record<string, string>>): void;
  setFacts(facts: WizardFacts): void;
}

/**
 * Registers the toolkit components this form uses unless the page did (defining a custom element twice throws).
 * A dynamic import because the toolkit is an ES module; the bundler inlines it.
 */
async function registerToolkit(): Promise<void> {
  if (customElements.get('vscode-radio-group')) return;
  const t = await import('@vscode/webview-ui-toolkit');
  const wanted = [
    ['vscode-text-field', t.vsCodeTextField],
    ['vscode-dropdown', t.vsCodeDropdown],
    ['vscode-option', t.vsCodeOption],
    ['vscode-checkbox', t.vsCodeCheckbox],
    ['vscode-radio-group', t.vsCodeRadioGroup],
    ['vscode-radio', t.vsCodeRadio],
  ] as const;
  t.provideVSCodeDesignSystem().register(...wanted.filter(([tag]) => !customElements.get(tag)).map(([, make]) => make()));
}

interface ValueElement extends HTMLElement {
  value: string;
}
interface CheckElement extends HTMLElement {
  checked: boolean;
}

export function createAzureOpenAiForm(options: AzureOpenAiFormOptions): AzureOpenAiFormView {
  void registerToolkit();
  const root = el('form', { class: 'aoai-form', novalidate: '' });
  let facts: WizardFacts = { products: [], backends: [], embeddingsBackends: [], existingApis: [] };
  let accounts: readonly AccountView[] = [];
  let file: { name: string; text: string } | undefined;
  const errors = new Map<string, HTMLElement>();

  const modeGroup = radioGroup('Import', 'mode', [
    ['resource', 'From the resource'],
    ['spec', 'From the OpenAPI spec'],
  ]);
  const account = dropdown('Azure OpenAI resource', 'accountId', [['', 'Loading resources…']]);
  const deployments = el('ul', { class: 'aoai-deployments', 'aria-label': 'Deployments' });
  const specSource = radioGroup('OpenAPI spec', 'specSource', [
    ['bundled', 'Bundled API version'],
    ['file', 'Local file (JSON or YAML)'],
  ]);
  const version = dropdown('API version', 'spec', INFERENCE_API_VERSIONS.map((v) => [v, v === LATEST_INFERENCE_API_VERSION ? `${v} (latest)` : v] as [string, string]).reverse());
  version.control.value = LATEST_INFERENCE_API_VERSION;
  const fileInput = el('input', { type: 'file', accept: '.json,.yaml,.yml', id: 'aoai-file' }) as HTMLInputElement;
  const fileRow = field('OpenAPI file', 'specFile', fileInput, 'aoai-file');
  const fileSummary = el('p', { class: 'hint' });
  const displayName = textField('Display name', 'displayName', 'Azure OpenAI');
  const description = textField('Description', 'description', '');
  const basePath = textField('Base path', 'basePath', 'openai');
  const basePathHint = el('p', { class: 'hint', id: 'aoai-basepath-hint' });
  const products = el('fieldset', { class: 'aoai-products' });
  const productsRow = section('Products', 'products', products);
  const keyHeader = dropdown('Subscription key header', 'subscriptionKeyHeader', SUBSCRIPTION_KEY_HEADERS.map((h) => [h, h] as [string, string]));
  const useKey = checkbox('Use an API key instead', 'useKey');
  const useKeyHint = el('p', { class: 'hint' }, 'By default API Management calls the model with its managed identity and no key. Choose this only when managed identity is not possible.');
  const auth = dropdown('Authentication', 'auth', [
    ['managedIdentity', 'Managed identity'],
    ['apiKey', 'API key'],
    ['none', 'None (import the spec only)'],
  ]);
  const tokenLimit = checkbox('Manage token consumption', 'tokenLimit');
  const tpm = textField('Tokens per minute', 'policies.tokensPerMinute', '10000');
  const tokenMetrics = checkbox('Emit token metrics', 'tokenMetrics');
  const namespace = textField('Namespace', 'policies.namespace', 'azure-openai');

  root.append(
    modeGroup.row,
    account.row,
    deployments,
    specSource.row,
    version.row,
    fileRow,
    fileSummary,
    displayName.row,
    description.row,
    basePath.row,
    basePathHint,
    productsRow,
    keyHeader.row,
    useKey.row,
    useKeyHint,
    auth.row,
    section('Policies', 'policies', el('div', {}, tokenLimit.row, tpm.row, tokenMetrics.row, namespace.row)),
  );
  modeGroup.control.value = 'resource';
  specSource.control.value = 'bundled';

  const mode = (): AoaiMode => (modeGroup.control.value === 'spec' ? 'spec' : 'resource');
  const specIsFile = (): boolean => mode() === 'spec' && specSource.control.value === 'file';

  function refresh(): void {
    const resource = mode() === 'resource';
    specSource.row.hidden = resource;
    version.row.hidden = specIsFile();
    fileRow.hidden = fileSummary.hidden = !specIsFile();
    useKey.row.hidden = useKeyHint.hidden = !resource;
    auth.row.hidden = resource;
    tpm.row.hidden = !tokenLimit.control.checked;
    namespace.row.hidden = !tokenMetrics.control.checked;
    const check = checkBasePath(basePath.control.value);
    basePathHint.textContent = check.valid ? check.message ?? `Clients use ${check.path.replace(/\/?openai$/, '') || 'the gateway URL'} as their Azure OpenAI endpoint.` : '';
    const chosen = accounts.find((a) => a.id === account.control.value);
    deployments.replaceChildren(
      ...(chosen?.deployments ?? []).map((d) =>
        el('li', {}, `${d.name}: ${[d.model, d.modelVersion].filter(Boolean).join(' ')}${d.capacity !== undefined ? `, capacity ${d.capacity}` : ''}`),
      ),
    );
    if (chosen && chosen.deployments.length === 0) deployments.append(el('li', {}, 'No deployments yet. Deploy a model in the resource before calling the API.'));
    options.onChange?.();
  }

  function currentAuth(): AoaiAuth {
    if (mode() === 'resource') return useKey.control.checked ? 'apiKey' : 'managedIdentity';
    const v = auth.control.value;
    return v === 'apiKey' || v === 'none' ? v : 'managedIdentity';
  }

  function form(): AoaiForm {
    const v = version.control.value;
    return {
      mode: mode(),
      accountId: account.control.value,
      spec: specIsFile() ? { kind: 'file', fileName: file?.name ?? '' } : { kind: 'bundled', version: isInferenceApiVersion(v) ? v : LATEST_INFERENCE_API_VERSION },
      displayName: displayName.control.value,
      description: description.control.value,
      basePath: basePath.control.value,
      products: [...products.querySelectorAll<CheckElement & { dataset: DOMStringMap }>('vscode-checkbox')].filter((c) => c.checked).map((c) => c.dataset.product ?? ''),
      subscriptionKeyHeader: (SUBSCRIPTION_KEY_HEADERS as readonly string[]).includes(keyHeader.control.value) ? (keyHeader.control.value as SubscriptionKeyHeader) : 'api-key',
      auth: currentAuth(),
      policies: {
        ...(tokenLimit.control.checked
          ? { tokenLimit: { tokensPerMinute: Number(tpm.control.value), counterKey: 'subscription', remainingTokensHeader: true, consumedTokensHeader: true } as const }
          : {}),
        ...(tokenMetrics.control.checked ? { tokenMetrics: { namespace: namespace.control.value, dimensions: ['API ID', 'Subscription ID'] } as const } : {}),
      },
    };
  }

  function showErrors(found: Readonly<Record<string, string>>): void {
    for (const [name, node] of errors) {
      node.textContent = found[name] ?? '';
      node.hidden = !found[name];
    }
    const first = Object.keys(found).find((k) => errors.has(k));
    if (first) errors.get(first)?.previousElementSibling?.scrollIntoView?.({ block: 'nearest' });
  }

  fileInput.addEventListener('change', () => {
    const chosen = fileInput.files?.[0];
    if (!chosen) return;
    void chosen.text().then((text) => {
      file = { name: chosen.name, text };
      const parsed = parseOpenApiText(text, chosen.name);
      fileSummary.textContent = parsed.ok ? `${listSpecOperations(parsed.document).length} operations in ${chosen.name}.` : parsed.error;
      refresh();
    });
  });
  root.addEventListener('change', refresh);
  root.addEventListener('input', refresh);

  void options.listAccounts().then(
    (reply) => {
      accounts = reply.accounts;
      const items: [string, string][] = accounts.map((a) => [a.id, `${a.name} (${a.kind}${a.location ? `, ${a.location}` : ''})`]);
      account.setOptions(items.length > 0 ? items : [['', reply.failures[0] ?? 'No Azure OpenAI or AI Services resources in this subscription']]);
      refresh();
    },
    (e: unknown) => account.setOptions([['', e instanceof Error ? e.message : String(e)]]),
  );
  refresh();

  return {
    element: root,
    input: () => ({ mode: 'azureOpenAi', form: form(), ...(specIsFile() && file ? { fileText: file.text } : {}), onExisting: 'conflict' }),
    validate() {
      const input = form();
      const found: AoaiFieldErrors = validateAoaiForm(
        input,
        { existingPaths: facts.existingApis.map((a) => a.path), products: facts.products.map((p) => p.id) },
        specIsFile() ? file?.text : undefined,
      );
      showErrors(found as Record<string, string>);
      return Object.keys(found).length === 0;
    },
    showErrors,
    setFacts(next) {
      facts = next;
      products.replaceChildren(
        ...next.products.map((p) => {
          const c = checkbox(p.displayName, `product-${p.id}`);
          c.control.dataset.product = p.id;
          return c.row;
        }),
      );
      if (next.products.length === 0) products.append(el('p', { class: 'hint' }, 'This instance has no products.'));
    },
  };

  // ---- small DOM helpers, each labelled visibly (people and tests find controls by their label) ----

  function errorFor(name: string): HTMLElement {
    const node = el('p', { class: 'error', role: 'alert', id: `aoai-error-${name.replace(/\W/g, '-')}` });
    node.hidden = true;
    errors.set(name, node);
    return node;
  }

  function textField(label: string, name: string, value: string): { row: HTMLElement; control: ValueElement } {
    const control = el('vscode-text-field', { name }, label) as ValueElement;
    control.value = value;
    return { row: el('div', { class: 'row' }, control, errorFor(name)), control };
  }

  function checkbox(label: string, name: string): { row: HTMLElement; control: CheckElement } {
    const control = el('vscode-checkbox', { name }, label) as CheckElement;
    return { row: el('div', { class: 'row' }, control), control };
  }

  function dropdown(label: string, name: string, items: [string, string][]): { row: HTMLElement; control: ValueElement; setOptions(items: [string, string][]): void } {
    const id = `aoai-${name}`;
    const control = el('vscode-dropdown', { id, name }) as ValueElement;
    const setOptions = (next: [string, string][]): void => control.replaceChildren(...next.map(([value, text]) => el('vscode-option', { value }, text)));
    setOptions(items);
    return { row: field(label, name, control, id), control, setOptions };
  }

  function radioGroup(label: string, name: string, items: [string, string][]): { row: HTMLElement; control: ValueElement } {
    const control = el('vscode-radio-group', { name }, el('label', { slot: 'label' }, label), ...items.map(([value, text]) => el('vscode-radio', { value }, text))) as ValueElement;
    return { row: el('div', { class: 'row' }, control), control };
  }

  function field(label: string, name: string, control: HTMLElement, id: string): HTMLElement {
    return el('div', { class: 'row' }, el('label', { for: id }, label), control, errorFor(name));
  }

  function section(title: string, name: string, body: HTMLElement): HTMLElement {
    return el('fieldset', { class: 'section' }, el('legend', {}, title), body, errorFor(name));
  }
}

function el(tag: string, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElement {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  node.append(...children);
  return node;
}
