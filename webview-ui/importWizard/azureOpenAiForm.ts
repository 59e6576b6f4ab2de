/**
 * The "Azure OpenAI" mode of the wizard's front end: "From the resource" (an account with its deployments, a bundled API
 * version, managed identity or "Use an API key instead") or "From the OpenAPI spec" (a bundled version or a local JSON or
 * YAML file). Its Policies page is the Language Model mode's (policiesForm.ts: the four policy groups, LLM logging and
 * their prerequisites), written by the host in the azure-openai-* flavour. Validates as the user types with the rules
 * the host applies again.
 */
import {
  INFERENCE_API_VERSIONS,
  LATEST_INFERENCE_API_VERSION,
  aoaiResourceNames,
  AOAI_COMPATIBILITIES,
  COMPATIBILITY_LABELS,
  COMPATIBILITY_NAMES,
  SPEC_COMPATIBILITY_NOTE,
  checkCompatBasePath,
  specCompatibility,
  compatibilityOf,
  isInferenceApiVersion,
  listSpecOperations,
  parseAoaiModeReply,
  parseOpenApiText,
  validateAoaiForm,
  type AccountView,
  type AoaiAuth,
  type AoaiCompatibility,
  type AoaiForm,
  type AzureOpenAiInput,
} from '../../src/protocol/azureOpenAiInput';
import { SUBSCRIPTION_KEY_HEADERS, type FieldErrors } from '../../src/protocol/webviewShared';
import { pathsOfOtherApis, type WizardFacts } from '../../src/protocol/importWizard';
import type { SavedAzureOpenAi } from '../../src/protocol/importWizardState';
import { checkbox, dropdown, field, h, onChange, setValue, show, textArea, textField, type Field, type ValueControl } from '../shared/dom';
import type { FrontContext, FrontMode } from './frontMode';
import { BackendsSection } from './backendsSection';
import { PoliciesForm } from './policiesForm';
import { ProductChoices } from './productChoices';

export class AzureOpenAiForm implements FrontMode<'azureOpenAi'> {
  readonly id = 'azureOpenAi' as const;
  readonly label = 'Azure OpenAI';
  private ctx!: FrontContext;
  private readonly fields = new Map<string, Field>();
  private accounts: readonly AccountView[] = [];
  /** The chosen account: the dropdown takes new options asynchronously, so its `value` lags right after they change. */
  private accountId = '';
  /** The local file and the surface its server names (the spec mode's compatibility comes from it, not from a choice). */
  private file: { readonly name: string; readonly text: string; readonly compatibility?: AoaiCompatibility } | undefined;
  private readonly mode = dropdown(
    [
      { value: 'resource', label: 'From the resource' },
      { value: 'spec', label: 'From the OpenAPI spec' },
    ],
    'resource',
  );
  private readonly account = dropdown([{ value: '', label: 'Loading resources…' }]);
  private readonly compatibility = dropdown(
    AOAI_COMPATIBILITIES.map((c) => ({ value: c, label: COMPATIBILITY_LABELS[c] })),
    'azureOpenAi',
  );
  private readonly deployments = h('ul', { class: 'deployments', 'aria-label': 'Deployments' });
  private readonly specSource = dropdown(
    [
      { value: 'bundled', label: 'A bundled API version' },
      { value: 'file', label: 'A local file (JSON or YAML)' },
    ],
    'bundled',
  );
  private readonly version = dropdown(
    [...INFERENCE_API_VERSIONS].reverse().map((v) => ({ value: v, label: v === LATEST_INFERENCE_API_VERSION ? `${v} (latest GA)` : v })),
    LATEST_INFERENCE_API_VERSION,
  );
  private readonly fileInput = h('input', { type: 'file', accept: '.json,.yaml,.yml' });
  private readonly displayName = textField('Azure OpenAI');
  private readonly description = textArea();
  private readonly basePath = textField('openai', { placeholder: 'ai/openai' });
  private readonly products = new ProductChoices();
  private readonly subscriptionKeyHeader = dropdown(
    SUBSCRIPTION_KEY_HEADERS.map((v) => ({ value: v, label: v === 'api-key' ? 'api-key (works with Azure OpenAI SDKs)' : v })),
    'api-key',
  );
  private readonly useKey = checkbox(
    'Use an API key instead',
    false,
    'By default API Management calls the model with its managed identity, without keys. Choose this only where managed identity is not possible.',
  );
  private readonly auth = dropdown(
    [
      { value: 'managedIdentity', label: 'Managed identity' },
      { value: 'apiKey', label: 'API key of the resource' },
      { value: 'none', label: 'None (import the spec only)' },
    ],
    'managedIdentity',
  );
  private readonly policies = new PoliciesForm('azure-openai');
  private readonly backends = new BackendsSection({
    targetField: 'accountId',
    targetLabel: 'Azure OpenAI resource',
    makeTarget: () => this.extraAccountDropdown(),
    onChange: () => this.ctx.changed(),
  });

  mount(pages: { details: HTMLElement; policies: HTMLElement }, ctx: FrontContext): void {
    this.ctx = ctx;
    const add = (page: HTMLElement, name: string, label: string, control: HTMLElement, hint = ''): Field => {
      const f = field(label, control, hint);
      this.fields.set(name, f);
      page.append(f.root);
      onChange(control, () => this.changed(name));
      return f;
    };
    add(pages.details, 'mode', 'Import from', this.mode);
    // Before the field's own listener, which re-renders from `accountId`.
    onChange(this.account, () => {
      if (this.account.value) this.accountId = this.account.value;
    });
    add(pages.details, 'accountId', 'Azure OpenAI resource', this.account, 'Accounts of kind OpenAI and AIServices');
    pages.details.append(this.deployments);
    add(pages.details, 'compatibility', 'Client compatibility', this.compatibility, 'How clients call the API, and the operations it gets');
    add(pages.details, 'specSource', 'OpenAPI spec', this.specSource);
    add(pages.details, 'spec', 'API version', this.version, 'The Azure OpenAI inference API version the operations come from');
    add(pages.details, 'specFile', 'OpenAPI file', this.fileInput);
    add(pages.details, 'displayName', 'Display name', this.displayName, 'The API id and backend name are made from it');
    add(pages.details, 'description', 'Description', this.description);
    add(pages.details, 'basePath', 'Base path', this.basePath);
    this.fields.set('products', this.products.mount(pages.details, 'aoai-products-label'));
    add(
      pages.details,
      'subscriptionKeyHeader',
      'Subscription key header',
      this.subscriptionKeyHeader,
      'Where callers put their APIM subscription key',
    );
    pages.details.append(this.useKey.root);
    this.fields.set('auth', this.useKey);
    onChange(this.useKey.box, () => this.changed('auth'));
    add(pages.details, 'authChoice', 'Authentication', this.auth, 'How API Management authenticates to the resource');
    this.backends.mount(pages.details);

    this.policies.mount(pages.policies, ctx);
    // The form-wide sentence (AI policies without a route to the resource) under the policy groups.
    const policiesError = h('div', { class: 'error', role: 'alert' });
    pages.policies.append(policiesError);
    this.fields.set('policies.tokenLimit', {
      root: policiesError,
      control: policiesError,
      setError: (m) => void (policiesError.textContent = m ?? ''),
      setHint: () => undefined,
    });

    this.fileInput.addEventListener('change', () => void this.readFile());
    void this.loadAccounts();
    this.sync();
  }

  onFacts(facts: WizardFacts): void {
    this.products.setProducts(facts.products, () => this.ctx.changed());
    this.policies.onFacts(facts);
    this.sync();
  }

  validate(page: 'details' | 'policies' | 'all'): boolean {
    const errors = this.errors();
    const onPage = Object.entries(errors).filter(([k]) => page === 'all' || (page === 'policies') === k.startsWith('policies'));
    this.showErrors(Object.fromEntries(onPage));
    return onPage.length === 0;
  }

  collect(onExisting: 'conflict' | 'update'): { input: AzureOpenAiInput; key: string } {
    const fileText = this.specIsFile() ? this.file?.text : undefined;
    // No key: the API-key variant reads the resource's key in the extension host.
    return { input: { mode: 'azureOpenAi', form: this.form(), ...(fileText !== undefined ? { fileText } : {}), onExisting }, key: '' };
  }

  showErrors(errors: FieldErrors): void {
    const byName = errors as Readonly<Record<string, string | undefined>>;
    for (const [name, f] of this.fields) f.setError(byName[name]);
    this.fields.get('specFile')?.setError(this.specIsFile() ? byName.spec : undefined);
    this.fields.get('authChoice')?.setError(this.isResource() ? undefined : byName.auth);
    this.backends.showErrors(errors);
    this.policies.showErrors(errors);
  }

  saveState(): SavedAzureOpenAi {
    const { policies: _p, spec, pool: _pool, ...rest } = this.form();
    return {
      ...rest,
      ...(spec.kind === 'bundled' ? { version: spec.version } : {}),
      policies: this.policies.saveState(),
    };
  }

  restoreState(s: SavedAzureOpenAi): void {
    for (const [control, value] of [
      [this.mode, s.mode],
      [this.displayName, s.displayName],
      [this.description, s.description],
      [this.basePath, s.basePath],
      [this.subscriptionKeyHeader, s.subscriptionKeyHeader],
      [this.version, s.version],
    ] as const) {
      if (value !== undefined) setValue(control, value);
    }
    setValue(this.compatibility, s.compatibility ?? 'azureOpenAi');
    if (s.mode === 'spec') setValue(this.auth, s.auth);
    this.useKey.box.checked = s.mode !== 'spec' && s.auth === 'apiKey';
    this.policies.restoreState(s.policies);
    this.accountId = s.accountId;
    this.products.check(s.products);
    this.sync();
  }

  private isResource(): boolean {
    return this.mode.value !== 'spec';
  }

  private specIsFile(): boolean {
    return !this.isResource() && this.specSource.value === 'file';
  }

  private compatibilityValue(): AoaiCompatibility {
    const v = this.compatibility.value;
    return v === 'v1' || v === 'modelInference' ? v : 'azureOpenAi';
  }

  private authValue(): AoaiAuth {
    if (this.isResource()) return this.useKey.box.checked ? 'apiKey' : 'managedIdentity';
    const v = this.auth.value;
    return v === 'apiKey' || v === 'none' ? v : 'managedIdentity';
  }

  /** Another account for the pool: each gets the role for the instance's identity (or its key) like the first. */
  private extraAccountDropdown(): ValueControl {
    const options = this.accounts.map((a) => ({ value: a.id, label: `${a.name} (${a.kind}${a.location ? `, ${a.location}` : ''})` }));
    const other = options.find((o) => o.value !== this.accountId) ?? options[0];
    return dropdown(
      options.length > 0 ? options : [{ value: '', label: 'No other resources in the selected subscriptions' }],
      other?.value,
    );
  }

  private form(): AoaiForm {
    const v = this.version.value;
    const pool = this.backends.value();
    return {
      ...(pool ? { pool } : {}),
      mode: this.isResource() ? 'resource' : 'spec',
      accountId: this.accountId,
      spec: this.specIsFile()
        ? { kind: 'file', fileName: this.file?.name ?? '' }
        : { kind: 'bundled', version: isInferenceApiVersion(v) ? v : LATEST_INFERENCE_API_VERSION },
      displayName: this.displayName.value,
      description: this.description.value,
      basePath: this.basePath.value.trim(),
      products: this.products.selected(),
      subscriptionKeyHeader: this.subscriptionKeyHeader.value === 'Ocp-Apim-Subscription-Key' ? 'Ocp-Apim-Subscription-Key' : 'api-key',
      auth: this.authValue(),
      ...(this.isResource() && this.compatibilityValue() !== 'azureOpenAi' ? { compatibility: this.compatibilityValue() } : {}),
      ...(this.specIsFile() && this.file?.compatibility && this.file.compatibility !== 'azureOpenAi'
        ? { compatibility: this.file.compatibility }
        : {}),
      policies: this.policies.value(),
    };
  }

  private errors(): FieldErrors {
    const facts = this.ctx.facts();
    const deploymentsOf = (id: string): { name: string; deployments: string[] } | undefined => {
      const a = this.accounts.find((x) => x.id.toLowerCase() === id.toLowerCase());
      return a && { name: a.name, deployments: a.deployments.map((d) => d.name) };
    };
    return validateAoaiForm(
      this.form(),
      facts
        ? {
            existingPaths: pathsOfOtherApis(facts, aoaiResourceNames(this.displayName.value).apiId),
            products: facts.products.map((p) => p.id),
            backends: facts.backends,
            embeddingsBackends: facts.embeddingsBackends,
            deploymentsOf,
          }
        : { deploymentsOf },
      this.specIsFile() ? this.file?.text : undefined,
    );
  }

  private async loadAccounts(): Promise<void> {
    let options: { value: string; label: string }[];
    try {
      const reply = parseAoaiModeReply(await this.ctx.request({ type: 'listAccounts' }));
      // Accounts of kind OpenAI first: they are what most people import; AI Services accounts follow.
      this.accounts = [...(reply?.accounts ?? [])].sort(
        (x, y) => Number(x.kind !== 'OpenAI') - Number(y.kind !== 'OpenAI') || x.name.localeCompare(y.name),
      );
      options = this.accounts.map((a) => ({ value: a.id, label: `${a.name} (${a.kind}${a.location ? `, ${a.location}` : ''})` }));
      if (options.length === 0) {
        options = [{ value: '', label: reply?.failures[0] ?? 'No Azure OpenAI or AI Services resources in the selected subscriptions' }];
      }
    } catch (e) {
      options = [{ value: '', label: e instanceof Error ? e.message : String(e) }];
    }
    this.accountId = options.some((o) => o.value === this.accountId) ? this.accountId : options[0].value;
    this.account.replaceChildren(
      ...options.map((o) =>
        h('vscode-option', o.value === this.accountId ? { value: o.value, selected: '' } : { value: o.value }, o.label),
      ),
    );
    this.account.value = this.accountId;
    this.sync();
  }

  private async readFile(): Promise<void> {
    const chosen = this.fileInput.files?.[0];
    if (!chosen) return;
    const text = await chosen.text();
    const parsed = parseOpenApiText(text, chosen.name);
    this.file = { name: chosen.name, text, ...(parsed.ok ? { compatibility: specCompatibility(parsed.document) } : {}) };
    this.fields.get('specFile')?.setHint(parsed.ok ? `${listSpecOperations(parsed.document).length} operations in ${chosen.name}` : '');
    this.fields.get('specFile')?.setError(parsed.ok ? undefined : parsed.error);
    this.changed('spec');
  }

  /** Shows what applies to the current choices, the deployments of the chosen resource, and the base path rule. */
  private sync(): void {
    const resource = this.isResource();
    const visible: Record<string, boolean> = {
      specSource: !resource,
      spec: !this.specIsFile() && (!resource || this.compatibilityValue() === 'azureOpenAi'),
      specFile: this.specIsFile(),
      authChoice: !resource,
      compatibility: resource,
    };
    for (const [name, on] of Object.entries(visible)) {
      const root = this.fields.get(name)?.root;
      if (root) show(root, on);
    }
    show(this.useKey.root, resource);
    // The OpenAPI import has no compatibility choice (Microsoft Learn, "Import an Azure OpenAI API"): the spec decides.
    const fromFile = this.specIsFile() && this.file?.compatibility;
    this.fields
      .get('specSource')
      ?.setHint(
        fromFile
          ? `This file describes the ${COMPATIBILITY_NAMES[fromFile]} API: the base path and backend follow it`
          : SPEC_COMPATIBILITY_NOTE,
      );
    const compatibility = compatibilityOf(this.form());
    const check = checkCompatBasePath(this.basePath.value, compatibility);
    const clientHint =
      compatibility === 'azureOpenAi'
        ? `Clients use ${check.path === 'openai' ? 'the gateway URL' : `{gateway}/${check.path.replace(/\/openai$/, '')}`} as their Azure OpenAI endpoint`
        : `Clients use {gateway}/${check.path} as their ${compatibility === 'v1' ? 'OpenAI SDK baseURL' : 'model inference endpoint'}, the deployment name as the model`;
    this.fields.get('basePath')?.setHint(check.valid ? (check.message ?? clientHint) : '');
    const chosen = this.accounts.find((a) => a.id === this.accountId);
    this.deployments.replaceChildren(
      ...(chosen?.deployments ?? []).map((d) =>
        h(
          'li',
          {},
          `${d.name}: ${[d.model, d.modelVersion].filter(Boolean).join(' ')}${d.capacity !== undefined ? `, capacity ${d.capacity}` : ''}`,
        ),
      ),
    );
    if (chosen && chosen.deployments.length === 0) {
      this.deployments.append(h('li', {}, 'No deployments yet: deploy a model in the resource before calling the API'));
    }
  }

  private changed(name: string): void {
    this.sync();
    // Clear a shown error as soon as the field becomes valid; never show new ones while the user types.
    const f = this.fields.get(name);
    if (f && (this.errors() as Readonly<Record<string, string | undefined>>)[name] === undefined) f.setError(undefined);
    this.ctx.changed();
  }
}
