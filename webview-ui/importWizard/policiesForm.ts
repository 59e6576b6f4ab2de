/**
 * The "Policies" step of both import modes: token limits, token metrics, semantic caching, content safety and LLM
 * logging, with their prerequisites. `flavour` names the policies as the mode writes them (llm-* or azure-openai-*).
 */
import {
  COUNTER_KEYS,
  METRIC_DIMENSIONS,
  QUOTA_PERIODS,
  SAFETY_CATEGORIES,
  type FieldErrors,
  type LmApiPolicies,
  type MetricDimension,
} from '../../src/protocol/webviewShared';
import { type WizardFacts } from '../../src/protocol/importWizard';
import type { SavedLmPolicies } from '../../src/protocol/importWizardState';
import type { LockedGroups } from '../../src/protocol/policies';
import {
  checkbox,
  dropdown,
  field,
  fillOptions,
  h,
  onChange,
  setValue,
  show,
  textField,
  type Field,
  type ValueControl,
} from '../shared/dom';
import type { FrontContext } from './frontMode';
import { PrerequisiteChoices } from './prerequisitesForm';

const number = (control: ValueControl): number => (control.value.trim() === '' ? Number.NaN : Number(control.value));

export class PoliciesForm {
  private readonly errors = new Map<string, Field>();
  private readonly tokenLimit = checkbox('Manage token consumption', false);
  private readonly tpm = textField('10000', { size: 12 });
  private readonly quota = textField('', { size: 12, placeholder: 'No quota' });
  private readonly period = dropdown([{ value: '', label: 'No quota' }, ...QUOTA_PERIODS.map((p) => ({ value: p, label: p }))], '');
  private readonly counterKey = dropdown(
    COUNTER_KEYS.map((k) => ({ value: k, label: k === 'subscription' ? 'By subscription' : 'By client IP address' })),
    'subscription',
  );
  private readonly remaining = checkbox('Remaining tokens header', true);
  private readonly consumed = checkbox('Consumed tokens header', true);
  private readonly metrics = checkbox('Emit token metrics', false);
  private readonly namespace = textField('ai-gateway');
  private readonly dimensions = new Map<MetricDimension, ReturnType<typeof checkbox>>();
  private readonly cache = checkbox('Semantic caching', false);
  private readonly embeddings = dropdown([]);
  private readonly threshold = textField('0.8', { size: 8 });
  private readonly duration = textField('120', { size: 8 });
  private readonly safety = checkbox('Content safety', false, 'Checks prompts with Azure AI Content Safety before they reach the model');
  private readonly safetyBackend = dropdown([]);
  private readonly categories = new Map<string, { box: ReturnType<typeof checkbox>; threshold: ValueControl }>();
  private readonly shield = checkbox('Prompt shield', true, 'Blocks jailbreak attempts');
  private prerequisites: PrerequisiteChoices | undefined;
  /** What "Configure AI Policies…" started from (the API's policy); undefined in an import. */
  private initial: LmApiPolicies | undefined;
  private readonly locked = new Set<keyof LockedGroups>();
  private readonly toggles = {
    tokenLimit: this.tokenLimit,
    tokenMetrics: this.metrics,
    semanticCache: this.cache,
    contentSafety: this.safety,
  } as const;

  constructor(flavour: 'llm' | 'azure-openai' = 'llm') {
    this.tokenLimit.setHint(`Limits tokens per minute (and optionally a quota) with ${flavour}-token-limit`);
    this.metrics.setHint(`Sends prompt, completion and total tokens to Application Insights with ${flavour}-emit-token-metric`);
  }

  mount(root: HTMLElement, ctx: FrontContext): void {
    const prereq = new PrerequisiteChoices(() => ctx.changed());
    this.prerequisites = prereq;
    for (const [name, fl] of prereq.fields) this.errors.set(name, fl);
    const section = (toggle: ReturnType<typeof checkbox>, ...children: HTMLElement[]): void => {
      const body = h('div', { class: 'policy-settings' }, ...children);
      const sync = (): void => show(body, toggle.box.checked);
      onChange(toggle.box, () => {
        sync();
        ctx.changed();
      });
      sync();
      root.append(h('section', { class: 'policy' }, toggle.root, body));
    };
    const f = (name: string, label: string, control: HTMLElement, hint = ''): HTMLElement => {
      const fl = field(label, control, hint);
      this.errors.set(name, fl);
      onChange(control, () => ctx.changed());
      return fl.root;
    };
    section(
      this.tokenLimit,
      f('policies.tokensPerMinute', 'Tokens per minute', this.tpm),
      f('policies.tokenQuota', 'Token quota', this.quota, 'Optional: tokens allowed per period'),
      f('policies.tokenQuotaPeriod', 'Quota period', this.period),
      f('policies.counterKey', 'Counter key', this.counterKey),
      this.remaining.root,
      this.consumed.root,
    );
    const dims = h('div', { role: 'group', class: 'choices', 'aria-labelledby': 'dimensions-label' });
    for (const d of METRIC_DIMENSIONS) {
      const box = checkbox(d, d === 'API ID' || d === 'Subscription ID');
      onChange(box.box, () => ctx.changed());
      this.dimensions.set(d, box);
      dims.append(box.root);
    }
    const dimsError = h('div', { class: 'error', role: 'alert' });
    this.errors.set('policies.dimensions', {
      root: dims,
      control: dims,
      setError: (m) => void (dimsError.textContent = m ?? ''),
      setHint: () => undefined,
    });
    section(
      this.metrics,
      f('policies.namespace', 'Namespace', this.namespace),
      h('div', { class: 'field' }, h('label', { id: 'dimensions-label' }, 'Dimensions'), dims, dimsError),
      ...prereq.metricsControls(),
    );
    section(
      this.cache,
      f('policies.embeddingsBackendId', 'Embeddings backend', this.embeddings),
      f('policies.scoreThreshold', 'Score threshold', this.threshold, 'From 0 to 1: how similar a prompt must be to reuse a cached answer'),
      f('policies.durationSeconds', 'Cache duration (seconds)', this.duration),
      ...prereq.cacheControls(),
    );
    const cats = h('div', { class: 'choices' });
    for (const c of SAFETY_CATEGORIES) {
      const box = checkbox(c, true);
      const threshold = textField('4', { size: 4 });
      onChange(box.box, () => ctx.changed());
      onChange(threshold, () => ctx.changed());
      this.categories.set(c, { box, threshold });
      cats.append(h('div', { class: 'row' }, box.root, field(`${c} threshold (0 to 7)`, threshold).root));
    }
    const catsError = h('div', { class: 'error', role: 'alert' });
    this.errors.set('policies.categories', {
      root: cats,
      control: cats,
      setError: (m) => void (catsError.textContent = m ?? ''),
      setHint: () => undefined,
    });
    section(
      this.safety,
      f('policies.safetyBackendId', 'Content safety backend', this.safetyBackend),
      ...prereq.safetyControls(),
      cats,
      catsError,
      this.shield.root,
    );
    section(prereq.logging, ...prereq.loggingControls());
  }

  onFacts(facts: WizardFacts): void {
    // A backend the API's policy already names stays offered, even when it does not look like one of its kind.
    const cache = this.initial?.semanticCache?.embeddingsBackendId;
    const safety = this.initial?.contentSafety?.backendId;
    fill(this.embeddings, [...facts.embeddingsBackends, ...(cache && !facts.embeddingsBackends.includes(cache) ? [cache] : [])]);
    fill(this.safetyBackend, [...facts.backends, ...(safety && !facts.backends.includes(safety) ? [safety] : [])]);
    this.prerequisites?.onFacts(facts.prerequisites);
    const noEmbeddings = facts.embeddingsBackends.length === 0 && !this.prerequisites?.canCreateEmbeddings() && !cache;
    this.cache.box.disabled = noEmbeddings;
    if (noEmbeddings) this.cache.box.checked = false;
    this.cache.setHint(
      noEmbeddings
        ? 'Not available: this instance has no embeddings backend. Semantic caching answers similar prompts from a cache, which needs a backend that turns prompts into embeddings'
        : 'Answers prompts similar to earlier ones from a cache, using an embeddings backend',
    );
    this.safety.box.disabled = facts.backends.length === 0 && !this.prerequisites?.canCreateSafetyBackend() && !safety;
    for (const group of this.locked) this.toggles[group].box.disabled = true;
  }

  value(): LmApiPolicies {
    return this.prerequisites ? this.prerequisites.apply(this.pageValue()) : this.pageValue();
  }

  /** The policies without the prerequisite choices, which depend on what Azure holds and are chosen again after a reload. */
  private pageValue(): LmApiPolicies {
    const quota = number(this.quota);
    return {
      ...(this.tokenLimit.box.checked
        ? {
            tokenLimit: {
              tokensPerMinute: number(this.tpm),
              ...(this.quota.value.trim() !== '' ? { tokenQuota: quota } : {}),
              ...(this.period.value !== '' ? { tokenQuotaPeriod: this.period.value as (typeof QUOTA_PERIODS)[number] } : {}),
              counterKey: this.counterKey.value as (typeof COUNTER_KEYS)[number],
              remainingTokensHeader: this.remaining.box.checked,
              consumedTokensHeader: this.consumed.box.checked,
            },
          }
        : {}),
      ...(this.metrics.box.checked
        ? {
            tokenMetrics: {
              namespace: this.namespace.value.trim(),
              dimensions: [...this.dimensions].filter(([, b]) => b.box.checked).map(([d]) => d),
            },
          }
        : {}),
      ...(this.cache.box.checked
        ? {
            semanticCache: {
              embeddingsBackendId: this.embeddings.value,
              scoreThreshold: number(this.threshold),
              durationSeconds: number(this.duration),
            },
          }
        : {}),
      ...(this.safety.box.checked
        ? {
            contentSafety: {
              backendId: this.safetyBackend.value,
              shieldPrompt: this.shield.box.checked,
              categories: [...this.categories]
                .filter(([, c]) => c.box.box.checked)
                .map(([name, c]) => ({ name: name as (typeof SAFETY_CATEGORIES)[number], threshold: number(c.threshold) })),
            },
          }
        : {}),
    };
  }

  showErrors(errors: FieldErrors): void {
    for (const [name, f] of this.errors) f.setError(errors[name as keyof FieldErrors]);
  }

  saveState(): SavedLmPolicies {
    return this.pageValue();
  }

  /** Starts from an API's policies (call after the first facts): every group, its values and its prerequisites. */
  prefill(p: LmApiPolicies): void {
    this.initial = p;
    if (p.semanticCache) {
      this.cache.box.disabled = false;
      if (![...this.embeddings.children].some((o) => (o as ValueControl).value === p.semanticCache!.embeddingsBackendId)) {
        this.embeddings.append(h('vscode-option', { value: p.semanticCache.embeddingsBackendId }, p.semanticCache.embeddingsBackendId));
      }
      setValue(this.embeddings, p.semanticCache.embeddingsBackendId);
    }
    if (p.contentSafety) {
      this.safety.box.disabled = false;
      setValue(this.safetyBackend, p.contentSafety.backendId);
      for (const [name, c] of this.categories) {
        const chosen = p.contentSafety.categories.find((x) => x.name === name);
        c.box.box.checked = chosen !== undefined;
        if (chosen) c.threshold.value = String(chosen.threshold);
      }
    }
    this.restoreState(p);
    this.prerequisites?.prefill(p);
  }

  /** A group the page cannot change faithfully: its toggle is off limits and says why. */
  lock(group: keyof LockedGroups, sentence: string): void {
    this.locked.add(group);
    const toggle = this.toggles[group];
    toggle.box.disabled = true;
    toggle.setHint(sentence);
  }

  /** A state checked by parseWizardPersistedState: a draft, so a number that did not read may be NaN or null. */
  restoreState(p: SavedLmPolicies): void {
    if (p.tokenLimit) {
      this.tokenLimit.box.checked = true;
      this.tpm.value = String(p.tokenLimit.tokensPerMinute);
      this.quota.value = p.tokenLimit.tokenQuota !== undefined ? String(p.tokenLimit.tokenQuota) : '';
      setValue(this.period, p.tokenLimit.tokenQuotaPeriod ?? '');
      setValue(this.counterKey, p.tokenLimit.counterKey);
      this.remaining.box.checked = p.tokenLimit.remainingTokensHeader;
      this.consumed.box.checked = p.tokenLimit.consumedTokensHeader;
    }
    if (p.tokenMetrics) {
      this.metrics.box.checked = true;
      this.namespace.value = p.tokenMetrics.namespace;
      for (const [d, b] of this.dimensions) b.box.checked = p.tokenMetrics.dimensions.includes(d);
    }
    if (p.semanticCache && !this.cache.box.disabled) {
      this.cache.box.checked = true;
      this.threshold.value = String(p.semanticCache.scoreThreshold);
      this.duration.value = String(p.semanticCache.durationSeconds);
    }
    if (p.contentSafety) {
      this.safety.box.checked = true;
      this.shield.box.checked = p.contentSafety.shieldPrompt;
    }
    for (const box of [this.tokenLimit, this.metrics, this.cache, this.safety]) box.box.dispatchEvent(new Event('change'));
  }
}

function fill(control: ValueControl, values: readonly string[]): void {
  fillOptions(
    control,
    values.map((v) => ({ value: v, label: v })),
  );
}
