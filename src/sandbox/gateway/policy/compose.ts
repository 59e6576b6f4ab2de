/**
 * `<base/>` composition across APIM's scopes. The effective policy of a section starts at the innermost scope
 * (operation); each `<base/>` is replaced by the next outer scope's effective section (API, product, global). A scope
 * without a policy document, or a document that omits a section, inherits the outer section as if it held just
 * `<base/>`; a section present without `<base/>` drops the outer scopes, as in APIM.
 */
import { type PolicyDocument, type PolicyNode, SECTIONS, type SectionName } from './xml';

/** The policy APIM applies at the global scope when none is configured: forward to the backend. */
export const DEFAULT_GLOBAL_POLICY: PolicyDocument = {
  inbound: [],
  backend: [{ name: 'forward-request', attrs: {}, children: [], text: '' }],
  outbound: [],
  'on-error': [],
};

export type ComposedPolicy = Readonly<Record<SectionName, readonly PolicyNode[]>>;

/** `scopes` from the outermost (global) to the innermost (operation); `undefined` for a scope without a policy. */
export function composePolicies(scopes: ReadonlyArray<PolicyDocument | undefined>): ComposedPolicy {
  const out = {} as Record<SectionName, readonly PolicyNode[]>;
  for (const section of SECTIONS) {
    let effective: readonly PolicyNode[] = [];
    for (const doc of scopes) {
      const own = doc?.[section];
      if (own === undefined) continue;
      effective = expandBase(own, effective);
    }
    out[section] = effective;
  }
  return out;
}

function expandBase(nodes: readonly PolicyNode[], outer: readonly PolicyNode[]): readonly PolicyNode[] {
  const result: PolicyNode[] = [];
  for (const node of nodes) {
    if (node.name === 'base') result.push(...outer);
    else result.push(node);
  }
  return result;
}
