/**
 * Reads the AI policy settings out of an API's policy XML (with @xmldom/xmldom, never with patterns), for the Policies
 * page of "Configure AI Policies…" to start from: token limit, token metrics, semantic caching and content safety, in
 * either flavour (`llm-*`, `azure-openai-*`). A group whose element the page cannot represent faithfully — nested in
 * another element, present twice, a counter key or dimension of the user's own, a value that is an expression — is
 * `locked`: the page leaves it as it is and says why. LLM logging is read from the API's diagnostic (readLlmLogging).
 */
import { DOMParser, onErrorStopParsing } from '@xmldom/xmldom';
import type { Document, Element } from '@xmldom/xmldom';
import {
  COUNTER_KEYS,
  METRIC_DIMENSIONS,
  QUOTA_PERIODS,
  SAFETY_CATEGORIES,
  type ContentSafetySettings,
  type CounterKey,
  type LlmLoggingSettings,
  type LmApiPolicies,
  type MetricDimension,
  type SemanticCacheSettings,
  type TokenLimitSettings,
  type TokenMetricsSettings,
} from '../import/lmApiForm';
import { PolicyXmlError } from '../import/policyXml';
import { MANAGED_FAMILIES, XML_POLICY_GROUPS, type ManagedFamily, type XmlPolicyGroup } from './managedPolicies';

export type XmlPolicies = Pick<LmApiPolicies, XmlPolicyGroup>;
export type LockedGroups = Partial<Record<XmlPolicyGroup, string>>;

export interface ReadPolicies {
  readonly policies: XmlPolicies;
  /** One sentence per group the page leaves as it is. */
  readonly locked: LockedGroups;
}

/** What the import writes for the two counter keys the page offers. */
const COUNTER_KEY_EXPRESSIONS: Readonly<Record<string, CounterKey>> = {
  '@(context.Subscription.Id)': 'subscription',
  '@(context.Request.IpAddress)': 'ip',
};
const SUBSCRIPTION_VARY_BY = '@(context.Subscription.Id)';
/** What a cache store without its own duration would be offered as (the import's default). */
const DEFAULT_CACHE_SECONDS = 120;

class Unreadable extends Error {}

export function parsePolicyDocument(xml: string): Document {
  let doc: Document;
  try {
    doc = new DOMParser({ onError: onErrorStopParsing }).parseFromString(xml, 'text/xml');
  } catch (err) {
    throw new PolicyXmlError(`The API's policy is not valid XML: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (doc.documentElement?.tagName !== 'policies') throw new PolicyXmlError("The API's policy has no <policies> root element.");
  return doc;
}

export function childElements(el: Element): Element[] {
  const out: Element[] = [];
  for (let n = el.firstChild; n; n = n.nextSibling) if (n.nodeType === n.ELEMENT_NODE) out.push(n as Element);
  return out;
}

/** The section element (`inbound`, …) of the document, if it has one. */
export function sectionOf(doc: Document, section: string): Element | undefined {
  return childElements(doc.documentElement!).find((c) => c.tagName === section);
}

/** Where a family's elements are: directly in their section (what the page manages), or anywhere else. */
export function locateFamily(doc: Document, family: ManagedFamily): { readonly top: Element[]; readonly elsewhere: number } {
  const section = sectionOf(doc, family.section);
  const top = section ? childElements(section).filter((c) => family.tags.includes(c.tagName)) : [];
  let all = 0;
  for (const tag of family.tags) all += doc.getElementsByTagName(tag).length;
  return { top, elsewhere: all - top.length };
}

/** The settings of the policy's AI elements; an empty or absent policy has none. Throws PolicyXmlError on bad XML. */
export function readPolicySettings(xml: string | undefined): ReadPolicies {
  if (xml === undefined || xml.trim() === '') return { policies: {}, locked: {} };
  const doc = parsePolicyDocument(xml);
  const found = new Map<ManagedFamily, Element>();
  const locked: { -readonly [K in XmlPolicyGroup]?: string } = {};
  for (const family of MANAGED_FAMILIES) {
    const { top, elsewhere } = locateFamily(doc, family);
    if (elsewhere > 0) locked[family.group] = `<${family.tag}> sits inside another policy element; edit it in the policy editor.`;
    else if (top.length > 1) {
      locked[family.group] = `<${family.tag}> appears ${top.length} times in <${family.section}>; edit it in the policy editor.`;
    } else if (top[0]) found.set(family, top[0]);
  }
  const element = (tag: string): Element | undefined => [...found].find(([f]) => f.tag === tag)?.[1];
  const policies: { -readonly [K in XmlPolicyGroup]?: LmApiPolicies[K] } = {};
  const readers: { readonly [K in XmlPolicyGroup]: () => LmApiPolicies[K] } = {
    tokenLimit: () => mapDefined(element('llm-token-limit'), readTokenLimit),
    tokenMetrics: () => mapDefined(element('llm-emit-token-metric'), readTokenMetrics),
    semanticCache: () => readSemanticCache(element('llm-semantic-cache-lookup'), element('llm-semantic-cache-store')),
    contentSafety: () => mapDefined(element('llm-content-safety'), readContentSafety),
  };
  for (const group of XML_POLICY_GROUPS) {
    if (locked[group] !== undefined) continue;
    try {
      const value = readers[group]();
      if (value !== undefined) Object.assign(policies, { [group]: value });
    } catch (e) {
      if (!(e instanceof Unreadable)) throw e;
      locked[group] = e.message;
    }
  }
  return { policies, locked };
}

/** "Log prompts and completions" as the API's `azuremonitor` diagnostic has it (its `properties`), if on. */
export function readLlmLogging(diagnosticProperties: Record<string, unknown> | undefined): LlmLoggingSettings | undefined {
  const llm = diagnosticProperties?.largeLanguageModel as Record<string, unknown> | undefined;
  if (!llm || llm.logs !== 'enabled') return undefined;
  const bytes = (side: unknown): number => {
    const s = side as Record<string, unknown> | undefined;
    return s?.messages === 'all' && typeof s.maxSizeInBytes === 'number' ? s.maxSizeInBytes : 0;
  };
  return { promptBytes: bytes(llm.requests), completionBytes: bytes(llm.responses) };
}

const mapDefined = <T>(el: Element | undefined, read: (el: Element) => T): T | undefined => (el ? read(el) : undefined);

function wholeNumber(el: Element, attr: string): number | undefined {
  const raw = el.getAttribute(attr);
  if (raw === null) return undefined;
  if (!/^\d{1,15}$/.test(raw.trim())) {
    throw new Unreadable(`The ${attr} of <${el.tagName}> is "${shorten(raw)}", not a number; edit it in the policy editor.`);
  }
  return Number(raw.trim());
}

function oneOf<T extends string>(el: Element, attr: string, values: readonly T[]): T | undefined {
  const raw = el.getAttribute(attr);
  if (raw === null) return undefined;
  const match = values.find((v) => v.toLowerCase() === raw.trim().toLowerCase());
  if (match === undefined) {
    throw new Unreadable(
      `The ${attr} of <${el.tagName}> is "${shorten(raw)}", which this page does not offer; edit it in the policy editor.`,
    );
  }
  return match;
}

function readTokenLimit(el: Element): TokenLimitSettings {
  const tpm = wholeNumber(el, 'tokens-per-minute');
  if (tpm === undefined) throw new Unreadable(`<${el.tagName}> has no tokens-per-minute (a quota only); edit it in the policy editor.`);
  const key = el.getAttribute('counter-key') ?? '';
  const counterKey = COUNTER_KEY_EXPRESSIONS[key.trim()];
  if (counterKey === undefined || !(COUNTER_KEYS as readonly string[]).includes(counterKey)) {
    throw new Unreadable(
      `The counter key of <${el.tagName}> is "${shorten(key)}", which this page does not offer; edit it in the policy editor.`,
    );
  }
  const quota = wholeNumber(el, 'token-quota');
  const period = oneOf(el, 'token-quota-period', QUOTA_PERIODS);
  return {
    tokensPerMinute: tpm,
    ...(quota !== undefined ? { tokenQuota: quota } : {}),
    ...(period !== undefined ? { tokenQuotaPeriod: period } : {}),
    counterKey,
    remainingTokensHeader: el.hasAttribute('remaining-tokens-header-name'),
    consumedTokensHeader: el.hasAttribute('tokens-consumed-header-name'),
  };
}

function readTokenMetrics(el: Element): TokenMetricsSettings {
  const dimensions: MetricDimension[] = [];
  for (const child of childElements(el)) {
    const name = child.getAttribute('name') ?? '';
    const known = METRIC_DIMENSIONS.find((d) => d === name);
    if (child.tagName !== 'dimension' || known === undefined) {
      throw new Unreadable(`<${el.tagName}> has a dimension of its own ("${shorten(name)}"); edit it in the policy editor.`);
    }
    dimensions.push(known);
  }
  return { namespace: el.getAttribute('namespace') ?? '', dimensions };
}

function readSemanticCache(lookup: Element | undefined, store: Element | undefined): SemanticCacheSettings | undefined {
  if (!lookup) {
    if (store) throw new Unreadable(`<${store.tagName}> has no lookup beside it; edit it in the policy editor.`);
    return undefined;
  }
  const score = lookup.getAttribute('score-threshold') ?? '';
  const scoreThreshold = Number(score);
  if (score.trim() === '' || !Number.isFinite(scoreThreshold)) {
    throw new Unreadable(`The score-threshold of <${lookup.tagName}> is "${shorten(score)}", not a number; edit it in the policy editor.`);
  }
  const varyBy = childElements(lookup).filter((c) => c.tagName === 'vary-by');
  const bySubscription = varyBy.some((v) => (v.textContent ?? '').trim() === SUBSCRIPTION_VARY_BY);
  return {
    embeddingsBackendId: lookup.getAttribute('embeddings-backend-id') ?? '',
    scoreThreshold,
    durationSeconds: (store && wholeNumber(store, 'duration')) ?? DEFAULT_CACHE_SECONDS,
    // Absent means "per subscription", as the import writes it; false only when the policy has no such vary-by.
    ...(bySubscription ? {} : { varyBySubscription: false }),
  };
}

function readContentSafety(el: Element): ContentSafetySettings {
  const categories: ContentSafetySettings['categories'][number][] = [];
  const blocklists: string[] = [];
  for (const child of childElements(el)) {
    if (child.tagName === 'categories') {
      for (const c of childElements(child)) {
        const name = SAFETY_CATEGORIES.find((s) => s === c.getAttribute('name'));
        if (c.tagName !== 'category' || name === undefined) {
          throw new Unreadable(`<${el.tagName}> has a category this page does not offer; edit it in the policy editor.`);
        }
        categories.push({ name, threshold: wholeNumber(c, 'threshold') ?? 0 });
      }
    } else if (child.tagName === 'blocklists') {
      for (const id of childElements(child)) blocklists.push((id.textContent ?? '').trim());
    }
  }
  const shield = (el.getAttribute('shield-prompt') ?? 'false').trim().toLowerCase();
  if (shield !== 'true' && shield !== 'false') {
    throw new Unreadable(`The shield-prompt of <${el.tagName}> is "${shorten(shield)}"; edit it in the policy editor.`);
  }
  return {
    backendId: el.getAttribute('backend-id') ?? '',
    shieldPrompt: shield === 'true',
    categories,
    ...(blocklists.length > 0 ? { blocklists } : {}),
  };
}

/** A value quoted in a sentence: short and on one line. */
function shorten(value: string): string {
  const line = value.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, ' ');
  return line.length > 40 ? `${line.slice(0, 40)}…` : line;
}
