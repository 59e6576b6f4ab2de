/**
 * What an API's policy says about where its requests go: the backend its inbound `set-backend-service` names (a
 * Single backend or a pool), whether it authenticates with the instance's managed identity, and every backend id the
 * policy names anywhere (which is how we know that other APIs use a backend we are about to change).
 */
import { DOMParser, onErrorStopParsing } from '@xmldom/xmldom';
import type { Element } from '@xmldom/xmldom';

export type PolicyRouting =
  /** The inbound section routes every request to `backendId` (the first top-level `set-backend-service`). */
  | { readonly kind: 'backend'; readonly backendId: string }
  /** No top-level `set-backend-service backend-id`: the requests go to the API's service URL, or the routing is conditional. */
  | { readonly kind: 'none'; readonly reason: 'noPolicy' | 'serviceUrl' | 'conditional' | 'unreadable' };

export interface PolicyFacts {
  readonly routing: PolicyRouting;
  /** `authentication-managed-identity` at the top of inbound: the instance's identity signs every request. */
  readonly managedIdentity: boolean;
  /** Every `backend-id` of every `set-backend-service`, in any section and at any depth, lower-cased. */
  readonly backendIds: readonly string[];
}

export function readPolicyFacts(xml: string | undefined): PolicyFacts {
  if (xml === undefined || xml.trim() === '') {
    return { routing: { kind: 'none', reason: 'noPolicy' }, managedIdentity: false, backendIds: [] };
  }
  const root = parse(xml);
  if (!root) return { routing: { kind: 'none', reason: 'unreadable' }, managedIdentity: false, backendIds: [] };
  const inbound = children(root).find((c) => c.tagName === 'inbound');
  const top = inbound ? children(inbound) : [];
  const route = top.find((c) => c.tagName === 'set-backend-service' && c.hasAttribute('backend-id'));
  const backendIds = new Set<string>();
  const collect = (el: Element): void => {
    if (el.tagName === 'set-backend-service' && el.hasAttribute('backend-id')) backendIds.add(el.getAttribute('backend-id')!.toLowerCase());
    for (const c of children(el)) collect(c);
  };
  collect(root);
  return {
    routing: route
      ? { kind: 'backend', backendId: route.getAttribute('backend-id')! }
      : { kind: 'none', reason: backendIds.size > 0 ? 'conditional' : 'serviceUrl' },
    managedIdentity: top.some((c) => c.tagName === 'authentication-managed-identity'),
    backendIds: [...backendIds],
  };
}

function parse(xml: string): Element | undefined {
  try {
    const doc = new DOMParser({ onError: onErrorStopParsing }).parseFromString(xml, 'text/xml');
    return doc.documentElement?.tagName === 'policies' ? doc.documentElement : undefined;
  } catch {
    return undefined;
  }
}

function children(el: Element): Element[] {
  const out: Element[] = [];
  for (let n = el.firstChild; n; n = n.nextSibling) if (n.nodeType === n.ELEMENT_NODE) out.push(n as Element);
  return out;
}
