/** The "Language Model API" mode: provider presets, the API's details, more backends (each URL with its key), and the AI-gateway policies. */
import {
  PROVIDER_PRESETS,
  SUBSCRIPTION_KEY_HEADERS,
  findPreset,
  lmApiResourceNames,
  validateApiPath,
  validateLmApiForm,
  type FieldErrors,
  type LmApiForm,
  type PathAndId,
} from '../../src/protocol/webviewShared';
import { pathsOfOtherApis, type WizardFacts } from '../../src/protocol/importWizard';
import type { SavedLanguageModel } from '../../src/protocol/importWizardState';
import { dropdown, field, onChange, setValue, textArea, textField, type Field } from '../shared/dom';
import type { FrontContext, FrontMode } from './frontMode';
import { BackendsSection } from './backendsSection';
import { ProductChoices } from './productChoices';
import { PoliciesForm } from './policiesForm';

export class LanguageModelForm implements FrontMode<'languageModel'> {
  readonly id = 'languageModel' as const;
  readonly label = 'Language Model API';
  private ctx!: FrontContext;
  private readonly fields = new Map<string, Field>();
  private readonly provider = dropdown(
    PROVIDER_PRESETS.map((p) => ({ value: p.id, label: p.label })),
    'gemini',
  );
  private readonly displayName = textField('', { placeholder: 'Gemini' });
  private readonly description = textArea();
  private readonly url = textField('', { type: 'url' });
  private readonly path = textField('', { placeholder: 'gemini' });
  private readonly type = dropdown([
    { value: 'chat-completions', label: 'OpenAI-compatible chat completions' },
    { value: 'passthrough', label: 'Passthrough (wildcard operations)' },
  ]);
  private readonly headerName = textField('Authorization');
  private readonly key = textField('', { type: 'password' });
  private readonly subscriptionKeyHeader = dropdown(
    SUBSCRIPTION_KEY_HEADERS.map((v) => ({ value: v, label: v === 'api-key' ? 'api-key (works with OpenAI SDKs)' : v })),
    'api-key',
  );
  private readonly products = new ProductChoices();
  private readonly policies = new PoliciesForm();
  /** More URLs of the same kind of model; each row's key goes to the host beside the input, never into it. */
  private readonly backends = new BackendsSection({
    targetField: 'url',
    targetLabel: 'Backend URL',
    makeTarget: () => textField('', { type: 'url' }),
    rowFields: [
      {
        name: 'key',
        label: 'Backend header value',
        hint: "This backend's own key, sent in the same header; kept in its own secret named value",
        make: () => textField('', { type: 'password' }),
      },
    ],
    primaryTitle: 'the URL and key above',
    onChange: () => this.ctx.changed(),
  });
  private headerValueFormat = 'Bearer {key}';
  private pathEdited = false;
  /** The API id the host chose with "Use a new path"; dropped when the display name (its usual source) changes. */
  private apiId: string | undefined;

  mount(pages: { details: HTMLElement; policies: HTMLElement }, ctx: FrontContext): void {
    this.ctx = ctx;
    const add = (name: string, label: string, control: HTMLElement, hint = ''): Field => {
      const f = field(label, control, hint);
      this.fields.set(name, f);
      pages.details.append(f.root);
      return f;
    };
    add('provider', 'Provider', this.provider);
    add('displayName', 'Display name', this.displayName, 'The API id, backend and named value names are made from it');
    add('description', 'Description', this.description);
    add('url', 'URL', this.url, 'The OpenAI-compatible base URL; /chat/completions is added by the operation');
    add('path', 'Path', this.path);
    add('type', 'Type', this.type);
    add('headerName', 'Header name', this.headerName);
    add('key', 'Header value', this.key);
    this.fields.set('products', this.products.mount(pages.details, 'products-label', 'The API is added to each product you check'));
    add('subscriptionKeyHeader', 'Subscription key header', this.subscriptionKeyHeader, 'Where callers put their APIM subscription key');
    this.backends.mount(pages.details);
    this.policies.mount(pages.policies, ctx);

    onChange(this.provider, () => this.applyPreset());
    onChange(this.displayName, () => {
      this.apiId = undefined;
      if (!this.pathEdited) this.path.value = this.apiIdOf();
      this.checkPath();
      this.changedField('displayName');
    });
    onChange(this.path, () => {
      this.pathEdited = true;
      this.checkPath();
    });
    for (const [name, control] of [
      ['description', this.description],
      ['url', this.url],
      ['type', this.type],
      ['headerName', this.headerName],
      ['key', this.key],
      ['subscriptionKeyHeader', this.subscriptionKeyHeader],
    ] as const) {
      onChange(control, () => this.changedField(name));
    }
    this.applyPreset();
  }

  onFacts(facts: WizardFacts): void {
    this.products.setProducts(facts.products, () => this.ctx.changed());
    this.policies.onFacts(facts);
    this.checkPath();
  }

  validate(page: 'details' | 'policies' | 'all'): boolean {
    const errors = this.errors();
    const onPage = Object.entries(errors).filter(([k]) => page === 'all' || (page === 'policies') === k.startsWith('policies.'));
    this.showErrors(Object.fromEntries(onPage));
    return onPage.length === 0;
  }

  collect(onExisting: 'conflict' | 'update'): {
    input: { mode: 'languageModel'; form: LmApiForm; onExisting: 'conflict' | 'update'; apiId?: string };
    key: string;
    backendKeys: string[];
  } {
    return {
      input: { mode: 'languageModel', form: this.form(), onExisting, ...(this.apiId !== undefined ? { apiId: this.apiId } : {}) },
      key: this.key.value,
      backendKeys: this.backendKeys(),
    };
  }

  applyNewPath(newPath: PathAndId): void {
    this.path.value = newPath.path;
    this.pathEdited = true;
    this.apiId = newPath.apiId;
    this.checkPath();
  }

  showErrors(errors: FieldErrors): void {
    for (const [name, f] of this.fields) f.setError(errors[name as keyof FieldErrors]);
    this.backends.showErrors(errors);
    this.policies.showErrors(errors);
  }

  saveState(): SavedLanguageModel {
    // Never a key: webview state is written to disk by VS Code. The extra backends are not kept either (as in the
    // Azure OpenAI mode): without their keys a restored row could not be imported as it stands.
    const { policies: _p, pool: _pool, ...rest } = this.form();
    return {
      ...rest,
      pathEdited: this.pathEdited,
      ...(this.apiId !== undefined ? { apiId: this.apiId } : {}),
      policies: this.policies.saveState(),
    };
  }

  restoreState(s: SavedLanguageModel): void {
    if (findPreset(s.provider)) {
      setValue(this.provider, s.provider);
      this.applyPreset();
    }
    for (const [control, value] of [
      [this.displayName, s.displayName],
      [this.description, s.description],
      [this.url, s.url],
      [this.path, s.path],
      [this.type, s.type],
      [this.headerName, s.headerName],
      [this.subscriptionKeyHeader, s.subscriptionKeyHeader],
    ] as const) {
      setValue(control, value);
    }
    this.headerValueFormat = s.headerValueFormat;
    this.pathEdited = s.pathEdited;
    this.apiId = s.apiId;
    this.products.check(s.products);
    this.policies.restoreState(s.policies);
  }

  private form(): LmApiForm {
    const pool = this.backends.value();
    return {
      ...(pool ? { pool } : {}),
      provider: this.provider.value as LmApiForm['provider'],
      displayName: this.displayName.value,
      description: this.description.value,
      url: this.url.value.trim(),
      path: this.path.value.trim(),
      type: this.type.value as LmApiForm['type'],
      headerName: this.headerName.value.trim(),
      headerValueFormat: this.headerValueFormat,
      products: this.products.selected(),
      subscriptionKeyHeader: this.subscriptionKeyHeader.value as LmApiForm['subscriptionKeyHeader'],
      policies: this.policies.value(),
    };
  }

  private errors(): FieldErrors {
    const facts = this.ctx.facts();
    return validateLmApiForm(
      this.form(),
      facts
        ? {
            existingPaths: pathsOfOtherApis(facts, this.apiIdOf()),
            products: facts.products.map((p) => p.id),
            backends: facts.backends,
            embeddingsBackends: facts.embeddingsBackends,
          }
        : {},
      this.key.value,
      this.backendKeys(),
    );
  }

  /** The extra backends' keys, in their order; the host checks them and keeps each apart (src/protocol/importWizard.ts). */
  private backendKeys(): string[] {
    return this.backends.rowValues('key');
  }

  /** Fills the URL, the header and its format from the preset; the user may still edit them. */
  private applyPreset(): void {
    const preset = findPreset(this.provider.value) ?? PROVIDER_PRESETS[0];
    this.url.value = preset.baseUrl;
    this.headerName.value = preset.keyHeader.name;
    this.headerValueFormat = preset.keyHeader.valueFormat;
    const sentAs = `Sent as ${preset.keyHeader.name}: ${preset.keyHeader.valueFormat.replace('{key}', '<the key>')}`;
    this.fields.get('key')?.setHint(preset.keyRequired ? sentAs : `${sentAs}; may stay empty for this provider`);
    const models = preset.suggestedModels.length > 0 ? `Suggested models: ${preset.suggestedModels.join(', ')}` : '';
    this.fields.get('provider')?.setHint([preset.note, models].filter(Boolean).join('. '));
    this.changedField('url');
  }

  /** The live path check against the instance's existing APIs (except the one this import would update). */
  private checkPath(): void {
    const facts = this.ctx.facts();
    const error = validateApiPath(this.path.value, facts ? pathsOfOtherApis(facts, this.apiIdOf()) : []);
    this.fields.get('path')?.setError(this.path.value === '' && !this.pathEdited ? undefined : error);
    this.ctx.changed();
  }

  private apiIdOf(): string {
    return lmApiResourceNames(this.displayName.value, this.apiId).apiId;
  }

  private changedField(name: string): void {
    // Clear a shown error as soon as the field becomes valid; never show new ones while the user types.
    const f = this.fields.get(name);
    if (f && this.errors()[name as keyof FieldErrors] === undefined) f.setError(undefined);
    this.ctx.changed();
  }
}
