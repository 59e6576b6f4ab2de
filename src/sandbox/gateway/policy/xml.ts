/** Policy documents parsed with @xmldom/xmldom into plain element trees the engine walks. */
import { DOMParser, type Element, type Node } from '@xmldom/xmldom';

export interface PolicyNode {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly PolicyNode[];
  /** Concatenated text (and CDATA) directly inside the element, trimmed. */
  readonly text: string;
}

export const SECTIONS = ['inbound', 'backend', 'outbound', 'on-error'] as const;
export type SectionName = (typeof SECTIONS)[number];

/** A parsed `<policies>` document: each section's elements, undefined when the section is absent. */
export type PolicyDocument = Readonly<Partial<Record<SectionName, readonly PolicyNode[]>>>;

export class PolicyXmlError extends Error {}

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const CDATA_NODE = 4;

export function parsePolicyXml(xml: string): PolicyDocument {
  const errors: string[] = [];
  let doc: ReturnType<DOMParser['parseFromString']>;
  try {
    doc = new DOMParser({
      onError: (level, message) => {
        if (level !== 'warning') errors.push(message);
      },
    }).parseFromString(xml, 'text/xml');
  } catch (err) {
    // xmldom throws on fatal errors after reporting them.
    throw new PolicyXmlError(`Policy XML is not well formed: ${err instanceof Error ? err.message : String(err)}`);
  }
  const root = doc.documentElement;
  if (errors.length > 0 || !root) throw new PolicyXmlError(`Policy XML is not well formed: ${errors[0] ?? 'no root element'}`);
  if (root.nodeName !== 'policies') throw new PolicyXmlError(`Policy XML root must be <policies>, found <${root.nodeName}>.`);
  const out: Partial<Record<SectionName, readonly PolicyNode[]>> = {};
  for (const child of toNode(root).children) {
    if ((SECTIONS as readonly string[]).includes(child.name)) out[child.name as SectionName] = child.children;
  }
  return out;
}

function toNode(el: Element): PolicyNode {
  const attrs: Record<string, string> = {};
  for (let i = 0; i < el.attributes.length; i++) {
    const a = el.attributes.item(i);
    if (a) attrs[a.name] = a.value;
  }
  const children: PolicyNode[] = [];
  let text = '';
  for (let n: Node | null = el.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === ELEMENT_NODE) children.push(toNode(n as Element));
    else if (n.nodeType === TEXT_NODE || n.nodeType === CDATA_NODE) text += n.nodeValue ?? '';
  }
  return { name: el.nodeName, attrs, children, text: text.trim() };
}

/** The first child element named `name`. */
export function child(node: PolicyNode, name: string): PolicyNode | undefined {
  return node.children.find((c) => c.name === name);
}
