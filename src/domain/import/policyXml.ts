/**
 * APIM policy documents built and merged with a real XML DOM (@xmldom/xmldom), never by string concatenation, so every
 * value is escaped: a display name like `<x & "y">` still yields valid XML. Element lists are plain data, so each
 * import (Language Model API, Azure OpenAI) describes its own policy and shares the building and merging.
 */
import { DOMImplementation, DOMParser, XMLSerializer, onErrorStopParsing } from '@xmldom/xmldom';
import type { Document, Element, Node } from '@xmldom/xmldom';

export interface PolicyElement {
  readonly name: string;
  readonly attributes?: readonly (readonly [string, string])[];
  readonly children?: readonly PolicyElement[];
  /** Text content (e.g. a policy expression); escaped on output. */
  readonly text?: string;
}

export const POLICY_SECTIONS = ['inbound', 'backend', 'outbound', 'on-error'] as const;
export type PolicySection = (typeof POLICY_SECTIONS)[number];
export type PolicySections = Readonly<Partial<Record<PolicySection, readonly PolicyElement[]>>>;

export class PolicyXmlError extends Error {
  override readonly name = 'PolicyXmlError';
}

const INDENT = '  ';
// Most policies appear once per section, so the tag alone identifies them; repeatable ones (set-header, ...) carry a
// `name` or `id` that tells them apart.
const IDENTITY_ATTRIBUTES = ['name', 'id'] as const;

/** A full `<policies>` document with `<base />` first in every section, then the given elements. */
export function buildPolicyXml(sections: PolicySections): string {
  const doc = new DOMImplementation().createDocument(null, 'policies', null);
  const root = doc.documentElement!;
  for (const section of POLICY_SECTIONS) {
    const el = doc.createElement(section);
    if (!(section === 'backend' && forwardsRequest(sections[section]))) el.appendChild(doc.createElement('base'));
    for (const item of sections[section] ?? []) el.appendChild(toElement(doc, item));
    root.appendChild(el);
  }
  return serialize(doc);
}

/**
 * Merges our elements into an existing policy instead of replacing it: an element of ours replaces the existing one
 * with the same identity (same tag, and same `name`/`id` attribute when it has one); the others are appended to the
 * section, after what is there. Everything else of the existing policy is kept, so re-merging is a no-op.
 */
export function mergePolicyXml(existingXml: string, sections: PolicySections, remove: PolicySections = {}): string {
  const doc = parsePolicy(existingXml);
  const root = doc.documentElement!;
  removeMatching(doc, root, remove);
  for (const section of POLICY_SECTIONS) {
    const items = sections[section] ?? [];
    if (items.length === 0) continue;
    let el = childElements(root).find((c) => c.tagName === section);
    if (!el) {
      el = doc.createElement(section);
      el.appendChild(doc.createElement('base'));
      const after = POLICY_SECTIONS.slice(POLICY_SECTIONS.indexOf(section) + 1);
      const next = childElements(root).find((c) => (after as readonly string[]).includes(c.tagName));
      root.insertBefore(el, next ?? null);
    }
    if (section === 'backend' && forwardsRequest(items)) {
      for (const c of childElements(el)) if (c.tagName === 'base' || c.tagName === 'forward-request') el.removeChild(c);
    }
    for (const item of items) {
      const replacement = toElement(doc, item);
      const existing = childElements(el).find((c) => sameIdentity(c, item));
      if (existing) el.replaceChild(replacement, existing);
      else el.appendChild(replacement);
    }
  }
  return serialize(doc);
}

/**
 * Takes out, per section, the top-level elements that match a pattern of `remove` (same tag, the pattern's attributes
 * with the same values, and each of the pattern's children matched by some child), so that a merge can also undo
 * what we added (a pool's retry) while every other element stays. A backend section left without anything that
 * forwards the request gets `<base />` back, so that the request still reaches a backend.
 */
function removeMatching(doc: Document, root: Element, remove: PolicySections): void {
  for (const section of POLICY_SECTIONS) {
    const patterns = remove[section] ?? [];
    const el = childElements(root).find((c) => c.tagName === section);
    if (patterns.length === 0 || !el) continue;
    let removed = false;
    for (const c of childElements(el)) {
      if (patterns.some((p) => matchesPattern(c, p))) {
        el.removeChild(c);
        removed = true;
      }
    }
    const forwards = (e: Element): boolean => e.tagName === 'forward-request' || childElements(e).some(forwards);
    if (removed && section === 'backend' && !childElements(el).some((c) => c.tagName === 'base' || forwards(c))) {
      el.insertBefore(doc.createElement('base'), childElements(el)[0] ?? null);
    }
  }
}

function matchesPattern(el: Element, pattern: PolicyElement): boolean {
  if (el.tagName !== pattern.name) return false;
  if (!(pattern.attributes ?? []).every(([n, v]) => el.getAttribute(n) === v)) return false;
  return (pattern.children ?? []).every((p) => childElements(el).some((c) => matchesPattern(c, p)));
}

/**
 * One element as this module writes it, its nested lines indented from `prefix` (the indentation of the line it goes
 * on); the first line carries no indentation, since the caller places it.
 */
export function policyElementXml(item: PolicyElement, prefix = ''): string {
  const doc = new DOMImplementation().createDocument(null, 'policies', null);
  const el = toElement(doc, item);
  doc.documentElement!.appendChild(el);
  indent(doc, el, 0, prefix);
  return new XMLSerializer().serializeToString(el);
}

/** The same document laid out the way this module writes it, for comparing policies regardless of whitespace. */
export function normalizePolicyXml(xml: string): string {
  return serialize(parsePolicy(xml));
}

function parsePolicy(xml: string): Document {
  let doc: Document;
  try {
    doc = new DOMParser({ onError: onErrorStopParsing }).parseFromString(xml, 'text/xml');
  } catch (err) {
    throw new PolicyXmlError(`The existing policy is not valid XML: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (doc.documentElement?.tagName !== 'policies') throw new PolicyXmlError('The existing policy has no <policies> root element.');
  return doc;
}

/**
 * Whether our backend elements forward the request themselves (a `retry` around `forward-request`). The request must
 * be forwarded once: then they take the place of `<base />` (which inherits the global `forward-request`) and of a
 * plain `forward-request`, as in the labs' `<backend><retry …><forward-request …/></retry></backend>`.
 */
function forwardsRequest(items: readonly PolicyElement[] | undefined): boolean {
  const forwards = (e: PolicyElement): boolean => e.name === 'forward-request' || (e.children ?? []).some(forwards);
  return (items ?? []).some(forwards);
}

function toElement(doc: Document, item: PolicyElement): Element {
  const el = doc.createElement(item.name);
  for (const [name, value] of item.attributes ?? []) el.setAttribute(name, value);
  if (item.text !== undefined) el.appendChild(doc.createTextNode(item.text));
  for (const child of item.children ?? []) el.appendChild(toElement(doc, child));
  return el;
}

function sameIdentity(el: Element, item: PolicyElement): boolean {
  if (el.tagName !== item.name) return false;
  for (const attr of IDENTITY_ATTRIBUTES) {
    const ours = item.attributes?.find(([n]) => n === attr)?.[1];
    if (ours !== undefined || el.hasAttribute(attr)) return el.getAttribute(attr) === (ours ?? null);
  }
  return true;
}

function childElements(el: Element): Element[] {
  const out: Element[] = [];
  for (let n = el.firstChild; n; n = n.nextSibling) if (n.nodeType === n.ELEMENT_NODE) out.push(n as Element);
  return out;
}

function serialize(doc: Document): string {
  indent(doc, doc.documentElement!, 0);
  return new XMLSerializer().serializeToString(doc);
}

/** Re-indents element-only content; elements with text (policy expressions, values) keep their content untouched. */
function indent(doc: Document, el: Element, depth: number, prefix = ''): void {
  const children: Node[] = [];
  for (let n = el.firstChild; n; n = n.nextSibling) children.push(n);
  const hasText = children.some((n) => (n.nodeType === n.TEXT_NODE && n.nodeValue?.trim() !== '') || n.nodeType === n.CDATA_SECTION_NODE);
  if (hasText || childElements(el).length === 0) return;
  for (const n of children) if (n.nodeType === n.TEXT_NODE) el.removeChild(n);
  for (const child of [...childrenOf(el)]) {
    el.insertBefore(doc.createTextNode(`\n${prefix}${INDENT.repeat(depth + 1)}`), child);
    if (child.nodeType === child.ELEMENT_NODE) indent(doc, child as Element, depth + 1, prefix);
  }
  el.appendChild(doc.createTextNode(`\n${prefix}${INDENT.repeat(depth)}`));
}

function childrenOf(el: Element): Node[] {
  const out: Node[] = [];
  for (let n = el.firstChild; n; n = n.nextSibling) out.push(n);
  return out;
}
