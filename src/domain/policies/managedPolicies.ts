/**
 * The policy elements "Configure AI Policies…" manages: one family per element (its tag in the Language Model and the
 * Azure OpenAI flavour, its section, its policy group), and the elements a group's settings build — the import's own
 * builder (lmApiPolicySections), so that a configured policy reads exactly like an imported one.
 */
import type { LmApiPolicies } from '../import/lmApiForm';
import { lmApiPolicySections } from '../import/lmApiPolicy';
import type { PolicyElement, PolicySection } from '../import/policyXml';

/** The groups of the Policies page that live in the policy XML (LLM logging lives in the API's diagnostic). */
export const XML_POLICY_GROUPS = ['tokenLimit', 'tokenMetrics', 'semanticCache', 'contentSafety'] as const;
export type XmlPolicyGroup = (typeof XML_POLICY_GROUPS)[number];

export interface ManagedFamily {
  /** The tag our builder writes (the Language Model flavour). */
  readonly tag: string;
  /** Every tag of the family: an Azure OpenAI API has the `azure-openai-*` flavour, kept as it is. */
  readonly tags: readonly string[];
  readonly section: PolicySection;
  readonly group: XmlPolicyGroup;
}

/** In the order the import writes them: content safety first, so that a blocked prompt costs no tokens. */
export const MANAGED_FAMILIES: readonly ManagedFamily[] = [
  { tag: 'llm-content-safety', tags: ['llm-content-safety'], section: 'inbound', group: 'contentSafety' },
  { tag: 'llm-token-limit', tags: ['llm-token-limit', 'azure-openai-token-limit'], section: 'inbound', group: 'tokenLimit' },
  {
    tag: 'llm-semantic-cache-lookup',
    tags: ['llm-semantic-cache-lookup', 'azure-openai-semantic-cache-lookup'],
    section: 'inbound',
    group: 'semanticCache',
  },
  {
    tag: 'llm-emit-token-metric',
    tags: ['llm-emit-token-metric', 'azure-openai-emit-token-metric'],
    section: 'inbound',
    group: 'tokenMetrics',
  },
  {
    tag: 'llm-semantic-cache-store',
    tags: ['llm-semantic-cache-store', 'azure-openai-semantic-cache-store'],
    section: 'outbound',
    group: 'semanticCache',
  },
];

export const familyOfTag = (tag: string): ManagedFamily | undefined => MANAGED_FAMILIES.find((f) => f.tags.includes(tag));

/** The element each family would hold for these settings (absent: the group is off). */
export function managedElements(policies: LmApiPolicies): ReadonlyMap<ManagedFamily, PolicyElement> {
  const sections = lmApiPolicySections('', policies);
  const out = new Map<ManagedFamily, PolicyElement>();
  for (const family of MANAGED_FAMILIES) {
    const element = (sections[family.section] ?? []).find((e) => e.name === family.tag);
    if (element) out.set(family, element);
  }
  return out;
}

/** Only the groups the policy XML holds, for comparing what was read with what the page wants. */
export function xmlGroupsOf(p: LmApiPolicies): Pick<LmApiPolicies, XmlPolicyGroup> {
  const out: { -readonly [K in XmlPolicyGroup]?: LmApiPolicies[K] } = {};
  if (p.tokenLimit) out.tokenLimit = p.tokenLimit;
  if (p.tokenMetrics) out.tokenMetrics = p.tokenMetrics;
  if (p.semanticCache) out.semanticCache = p.semanticCache;
  if (p.contentSafety) out.contentSafety = p.contentSafety;
  return out;
}
