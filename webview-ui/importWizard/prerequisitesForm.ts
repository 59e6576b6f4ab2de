/**
 * The prerequisites of the AI policies on the Policies page: where token metrics go (a logger of the instance, or an
 * Application Insights resource to create one for, with custom metrics with dimensions), the external cache and the
 * embeddings backend of semantic caching, the Content Safety account, and LLM logging (prompts and completions, and a
 * Log Analytics workspace when the instance sends GatewayLlmLogs nowhere). Filled from the host's prerequisite facts;
 * the host validates the choices again against Azure.
 */
import type { LmApiPolicies, PrerequisiteFacts } from '../../src/protocol/webviewShared';
import { checkbox, dropdown, field, fillOptions, onChange, setValue, show, textField, type Field, type ValueControl } from '../shared/dom';

const number = (control: ValueControl): number => (control.value.trim() === '' ? Number.NaN : Number(control.value));

export class PrerequisiteChoices {
  readonly fields = new Map<string, Field>();
  private facts: PrerequisiteFacts | undefined;
  private readonly metricsTarget = dropdown([]);
  private readonly dimensions = checkbox(
    'Turn on custom metrics with dimensions',
    true,
    'Without it the metrics arrive without their dimensions',
  );
  private readonly cacheTarget = dropdown([]);
  private readonly embeddingsSource = dropdown([]);
  private readonly embeddingsName = textField('embeddings-backend', { size: 30 });
  private readonly safetyAccount = dropdown([]);
  private readonly safetyName = textField('content-safety-backend', { size: 30 });
  private readonly blocklists = textField('', { size: 30, placeholder: 'None' });
  readonly logging = checkbox('Log prompts and completions', false, "Sends them to the instance's Log Analytics workspace (LLM logs)");
  private readonly promptBytes = textField('32768', { size: 10 });
  private readonly completionBytes = textField('32768', { size: 10 });
  private readonly workspace = dropdown([]);
  private readonly workspaceField: Field;
  /** Where the API's token metrics go now ("Configure AI Policies…"), chosen once the loggers are listed. */
  private initialTarget = '';

  constructor(private readonly changed: () => void) {
    this.workspaceField = this.f('policies.workspaceId', 'Send LLM logs to', this.workspace);
    for (const c of [this.dimensions.box, this.logging.box]) onChange(c, changed);
    onChange(this.metricsTarget, () => this.sync());
  }

  private f(name: string, label: string, control: HTMLElement, hint = ''): Field {
    const fl = field(label, control, hint);
    this.fields.set(name, fl);
    onChange(control, this.changed);
    return fl;
  }

  metricsControls(): HTMLElement[] {
    return [this.f('policies.metricsDestination', 'Send metrics to', this.metricsTarget).root, this.dimensions.root];
  }

  cacheControls(): HTMLElement[] {
    return [
      this.f('policies.redisDatabaseId', 'External cache', this.cacheTarget, 'Semantic caching needs Azure Managed Redis with RediSearch')
        .root,
      this.f('policies.embeddingsDeployment', 'Create the embeddings backend from', this.embeddingsSource).root,
      this.f('policies.embeddingsBackendIdNew', 'New embeddings backend name', this.embeddingsName).root,
    ];
  }

  safetyControls(): HTMLElement[] {
    return [
      this.f('policies.safetyAccountId', 'Azure AI Content Safety account', this.safetyAccount).root,
      this.f('policies.safetyBackendIdNew', 'New content safety backend name', this.safetyName).root,
      this.f('policies.blocklists', 'Blocklists', this.blocklists, 'Names of blocklists of the account, separated by commas').root,
    ];
  }

  loggingControls(): HTMLElement[] {
    return [
      this.f('policies.promptBytes', 'Bytes of each prompt to log', this.promptBytes, '0 to 262,144; 0 logs no prompts').root,
      this.f('policies.completionBytes', 'Bytes of each completion to log', this.completionBytes, '0 to 262,144; 0 logs no completions')
        .root,
      this.workspaceField.root,
    ];
  }

  /** True when semantic caching / content safety can be set up even without an existing backend. */
  canCreateEmbeddings(): boolean {
    return (this.facts?.embeddingsDeployments.length ?? 0) > 0;
  }
  canCreateSafetyBackend(): boolean {
    return (this.facts?.contentSafetyAccounts.length ?? 0) > 0;
  }

  onFacts(facts: PrerequisiteFacts | undefined): void {
    if (!facts) return;
    this.facts = facts;
    fillOptions(this.metricsTarget, [
      ...facts.loggers.map((l) => ({ value: `logger:${l.id}`, label: `Logger ${l.id}` })),
      ...facts.components
        .filter((c) => !facts.loggers.some((l) => l.componentId?.toLowerCase() === c.id.toLowerCase()))
        .map((c) => ({ value: `component:${c.id}`, label: `New logger for Application Insights ${c.name}` })),
    ]);
    fillOptions(this.cacheTarget, [
      ...(facts.externalCaches.length > 0 ? [{ value: '', label: `The instance's external cache (${facts.externalCaches[0].id})` }] : []),
      ...facts.redisDatabases.map((r) => ({
        value: r.id,
        label: `Register Azure Managed Redis ${r.clusterName}/${r.name}${r.modules.some((m) => m.toLowerCase() === 'redisearch') ? '' : ' (no RediSearch)'}`,
      })),
    ]);
    fillOptions(this.embeddingsSource, [
      { value: '', label: 'No: use the embeddings backend above' },
      ...facts.embeddingsDeployments.map((d) => ({ value: `${d.accountId}|${d.deployment}`, label: `${d.accountName} / ${d.deployment}` })),
    ]);
    fillOptions(this.safetyAccount, [
      { value: '', label: 'No: use the content safety backend above' },
      ...facts.contentSafetyAccounts.map((a) => ({ value: a.id, label: a.name })),
    ]);
    fillOptions(this.workspace, [
      {
        value: '',
        label: facts.llmLogSettings.length > 0 ? `Already sent (${facts.llmLogSettings.join(', ')})` : 'Do not create a diagnostic setting',
      },
      ...(facts.llmLogSettings.length > 0
        ? []
        : facts.workspaces.map((w) => ({ value: w.id, label: `New diagnostic setting to ${w.name}` }))),
    ]);
    if (this.initialTarget !== '' && facts.loggers.some((l) => `logger:${l.id}` === this.initialTarget)) {
      setValue(this.metricsTarget, this.initialTarget);
    }
    this.workspaceField.setHint(
      facts.llmLogSettings.length > 0
        ? ''
        : 'The instance sends GatewayLlmLogs to no Log Analytics workspace: without one, nothing is logged',
    );
    this.sync();
  }

  private sync(): void {
    const component = this.facts?.components.find((c) => `component:${c.id}` === this.metricsTarget.value);
    show(this.dimensions.root, component !== undefined && !component.withDimensions);
    this.changed();
  }

  /** Starts from an API's prerequisites: its metrics logger, blocklists and LLM logging. */
  prefill(p: LmApiPolicies): void {
    const d = p.tokenMetrics?.destination;
    this.initialTarget = d?.kind === 'logger' ? `logger:${d.loggerId}` : '';
    this.blocklists.value = (p.contentSafety?.blocklists ?? []).join(', ');
    this.logging.box.checked = p.llmLogging !== undefined;
    if (p.llmLogging) {
      this.promptBytes.value = String(p.llmLogging.promptBytes);
      this.completionBytes.value = String(p.llmLogging.completionBytes);
    }
    this.logging.box.dispatchEvent(new Event('change'));
  }

  /** The page's policies with the prerequisite choices added. */
  apply(p: LmApiPolicies): LmApiPolicies {
    const out: { -readonly [K in keyof LmApiPolicies]: LmApiPolicies[K] } = { ...p };
    // Until the loggers are listed, the metrics keep going where they went.
    const target = this.facts ? this.metricsTarget.value : this.initialTarget;
    if (out.tokenMetrics && target !== '') {
      const [kind, ...rest] = target.split(':');
      const id = rest.join(':');
      out.tokenMetrics = {
        ...out.tokenMetrics,
        destination: kind === 'logger' ? { kind: 'logger', loggerId: id } : { kind: 'component', componentId: id },
        ...(kind === 'component' ? { enableDimensions: this.dimensions.box.checked } : {}),
      };
    }
    if (out.semanticCache) {
      const [accountId, deployment] = this.embeddingsSource.value.split('|');
      out.semanticCache = {
        ...out.semanticCache,
        ...(this.cacheTarget.value !== '' ? { redisDatabaseId: this.cacheTarget.value } : {}),
        ...(deployment ? { embeddingsDeployment: { accountId, deployment }, embeddingsBackendId: this.embeddingsName.value.trim() } : {}),
      };
    }
    if (out.contentSafety) {
      const lists = this.blocklists.value
        .split(',')
        .map((b) => b.trim())
        .filter((b) => b !== '');
      out.contentSafety = {
        ...out.contentSafety,
        ...(this.safetyAccount.value !== '' ? { accountId: this.safetyAccount.value, backendId: this.safetyName.value.trim() } : {}),
        ...(lists.length > 0 ? { blocklists: lists } : {}),
      };
    }
    if (this.logging.box.checked) {
      out.llmLogging = {
        promptBytes: number(this.promptBytes),
        completionBytes: number(this.completionBytes),
        ...(this.workspace.value !== '' ? { workspaceId: this.workspace.value } : {}),
      };
    }
    return out;
  }
}
