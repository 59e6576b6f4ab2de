/**
 * Applies the Policies page's changes to an API's existing policy XML, touching only what changed: an attribute whose
 * value changed is rewritten in place, a child (a dimension, a category, a blocklist) added or removed, a policy turned
 * on is inserted in the import's order, one turned off loses only its element. Everything else — elements the page
 * does not manage, comments, whitespace, attribute quoting — is kept byte for byte. Only when the section an element
 * needs is missing or empty-and-self-closed does the document go through the import's DOM merge (mergePolicyXml),
 * which keeps every element but lays the document out again. The result is read back and checked before it is used.
 */
import type { Document, Element } from '@xmldom/xmldom';
import type { LmApiPolicies } from '../import/lmApiForm';
import { buildPolicyXml, mergePolicyXml, policyElementXml, type PolicyElement, type PolicySection } from '../import/policyXml';
import { MANAGED_FAMILIES, managedElements, type ManagedFamily } from './managedPolicies';
import { childElements, locateFamily, parsePolicyDocument, sectionOf, type LockedGroups } from './readPolicySettings';
import { TextIndex, escapeAttribute, type Span } from './xmlSpans';

interface Edit extends Span {
  readonly text: string;
}

const INDENT = '  ';
const sameElement = (a: PolicyElement | undefined, b: PolicyElement | undefined): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * `before`: the settings read from `existingXml` (readPolicySettings); `after`: what the page wants. Groups in `locked`
 * are left alone whatever `after` says. Returns the new policy text ('' when there was none and none is needed).
 */
export function editPolicyXml(
  existingXml: string | undefined,
  before: LmApiPolicies,
  after: LmApiPolicies,
  locked: LockedGroups = {},
): string {
  const families = MANAGED_FAMILIES.filter((f) => locked[f.group] === undefined);
  const was = managedElements(before);
  const wanted = managedElements(after);
  if (existingXml === undefined || existingXml.trim() === '') {
    const sections: { [K in PolicySection]?: PolicyElement[] } = {};
    for (const f of families) {
      const e = wanted.get(f);
      if (e) (sections[f.section] ??= []).push(e);
    }
    return Object.keys(sections).length === 0 ? (existingXml ?? '') : buildPolicyXml(sections);
  }
  const crlf = existingXml.includes('\r\n');
  const text = existingXml.replace(/\r\n?/g, '\n');
  const doc = parsePolicyDocument(text);
  const index = new TextIndex(text);
  const edits: Edit[] = [];
  const merged: { [K in PolicySection]?: PolicyElement[] } = {};
  // An API imported as Azure OpenAI keeps its flavour for the policies it gets.
  const azure = MANAGED_FAMILIES.some((f) => f.tags.slice(1).some((t) => doc.getElementsByTagName(t).length > 0));
  const current = (f: ManagedFamily): Element | undefined => {
    const { top, elsewhere } = locateFamily(doc, f);
    if (elsewhere > 0 || top.length > 1) throw new Error(`<${f.tag}> cannot be edited where it is; edit it in the policy editor.`);
    return top[0];
  };
  for (const family of families) {
    const b = was.get(family);
    const a = wanted.get(family);
    if (sameElement(b, a)) continue;
    const existing = current(family);
    if (existing && !a) edits.push({ ...index.removal(existing), text: '' });
    else if (existing && a) {
      if (!b) throw new Error(`<${existing.tagName}> was not read from the policy; open the page again.`);
      edits.push(...patchElement(index, existing, b, { ...a, name: existing.tagName }));
    } else if (a) {
      const named = { ...a, name: azure ? (family.tags[1] ?? family.tag) : family.tag };
      const insertion = insertElement(doc, index, family, named, (f) => wanted.has(f) && current(f) !== undefined);
      if (insertion) edits.push(insertion);
      else (merged[family.section] ??= []).push(named);
    }
  }
  let result = applyEdits(text, edits);
  if (Object.keys(merged).length > 0) result = mergePolicyXml(result, merged);
  checkResult(result, was, wanted, locked);
  return crlf ? result.replace(/\n/g, '\r\n') : result;
}

/** The edits that turn `el` (read as `b`) into `a`: attributes in place, children by identity, recursively. */
function patchElement(index: TextIndex, el: Element, b: PolicyElement, a: PolicyElement): Edit[] {
  const edits: Edit[] = [];
  const tag = index.startTag(el);
  const names = [...new Set([...(a.attributes ?? []), ...(b.attributes ?? [])].map(([n]) => n))];
  for (const name of names) {
    const bv = b.attributes?.find(([n]) => n === name)?.[1];
    const av = a.attributes?.find(([n]) => n === name)?.[1];
    if (bv === av) continue;
    const at = tag.attributes.find((x) => x.name === name);
    if (av === undefined) {
      if (at) edits.push({ start: at.start, end: at.end, text: '' });
    } else if (at) edits.push({ start: at.valueStart, end: at.valueEnd, text: escapeAttribute(av, at.quote) });
    else edits.push({ start: tag.attributeEnd, end: tag.attributeEnd, text: ` ${name}="${escapeAttribute(av)}"` });
  }
  const bc = b.children ?? [];
  const ac = a.children ?? [];
  if (JSON.stringify(bc) === JSON.stringify(ac)) return edits;
  const children = childElements(el);
  const added = ac.filter((c) => !bc.some((x) => identity(x) === identity(c)));
  if (tag.selfClosing && added.length > 0) {
    // A self-closed element gets children: written again whole, its attributes of its own kept.
    const own = [...el.attributes].filter((x) => !names.includes(x.name)).map((x): [string, string] => [x.name, x.value]);
    const whole = { ...a, attributes: [...(a.attributes ?? []), ...own] };
    return [{ ...index.span(el), text: policyElementXml(whole, index.indentBefore(tag.start) ?? '') }];
  }
  for (const c of bc) {
    const match = ac.find((x) => identity(x) === identity(c));
    const node = children.find((n) => nodeIdentity(n) === identity(c));
    if (!node) continue;
    if (!match) edits.push({ ...index.removal(node), text: '' });
    else if (!sameElement(c, match)) edits.push(...patchElement(index, node, c, match));
  }
  const kept = children.filter((n) => ac.some((x) => identity(x) === nodeIdentity(n)) || !bc.some((x) => identity(x) === nodeIdentity(n)));
  const last = kept[kept.length - 1];
  if (last) {
    const end = index.span(last).end;
    const ws = index.indentBefore(index.startOf(last)) ?? '';
    for (const c of added) edits.push({ start: end, end, text: `\n${ws}${policyElementXml(c, ws)}` });
  } else if (children[0]) {
    // Every child goes: the new ones take the first one's place (inserted where its removal starts).
    const at = index.removal(children[0]).start;
    const ws = index.indentBefore(index.startOf(children[0])) ?? '';
    for (const c of added) edits.push({ start: at, end: at, text: `${ws}${policyElementXml(c, ws)}\n` });
  } else if (added.length > 0) {
    const own = index.indentBefore(tag.start) ?? '';
    const ws = own + INDENT;
    const close = index.text.lastIndexOf('</', index.span(el).end);
    const blank = /^\s*$/.test(index.text.slice(tag.end, close));
    const lines = added.map((c) => `\n${ws}${policyElementXml(c, ws)}`).join('');
    edits.push(blank ? { start: tag.end, end: close, text: `${lines}\n${own}` } : { start: tag.end, end: tag.end, text: lines });
  }
  return edits;
}

/**
 * Where a policy turned on goes: before the first managed element that the import writes after it, else after the
 * section's last element. Undefined when the section is missing or has no element to stand beside (then the DOM merge).
 */
function insertElement(
  doc: Document,
  index: TextIndex,
  family: ManagedFamily,
  element: PolicyElement,
  stays: (f: ManagedFamily) => boolean,
): Edit | undefined {
  const section = sectionOf(doc, family.section);
  if (!section) return undefined;
  const later = MANAGED_FAMILIES.slice(MANAGED_FAMILIES.indexOf(family) + 1).filter((f) => f.section === family.section && stays(f));
  for (const f of later) {
    const anchor = locateFamily(doc, f).top[0];
    if (!anchor) continue;
    const start = index.startOf(anchor);
    const ws = index.indentBefore(start);
    if (ws !== undefined) return { start, end: start, text: `${policyElementXml(element, ws)}\n${ws}` };
  }
  const managed = new Set(MANAGED_FAMILIES.filter((f) => !stays(f)).flatMap((f) => f.tags));
  const last = childElements(section)
    .filter((c) => !managed.has(c.tagName))
    .pop();
  if (!last) return undefined;
  const end = index.span(last).end;
  const ws = index.indentBefore(index.startOf(last)) ?? '';
  return { start: end, end, text: `\n${ws}${policyElementXml(element, ws)}` };
}

/** A child's identity among its siblings: its tag and name or id, or its text (a blocklist id, a vary-by). */
function identity(e: PolicyElement): string {
  const key = e.attributes?.find(([n]) => n === 'name' || n === 'id')?.[1];
  return `${e.name}|${key ?? (e.text ?? '').trim()}`;
}

function nodeIdentity(el: Element): string {
  const key = el.getAttribute('name') ?? el.getAttribute('id');
  return `${el.tagName}|${key ?? (el.textContent ?? '').trim()}`;
}

function applyEdits(text: string, edits: readonly Edit[]): string {
  const ordered = edits.map((e, i) => ({ ...e, i })).sort((x, y) => y.start - x.start || y.end - x.end || y.i - x.i);
  let out = text;
  let limit = Number.POSITIVE_INFINITY;
  for (const e of ordered) {
    if (e.end > limit) throw new Error('Two changes to the policy overlap; edit it in the policy editor.');
    out = out.slice(0, e.start) + e.text + out.slice(e.end);
    limit = e.start;
  }
  return out;
}

/**
 * What was written must read back as planned, for every family the page manages: each attribute that was to change has
 * its new value (or is gone), each child that was to come is there and each that was to go is not.
 */
function checkResult(
  xml: string,
  was: ReadonlyMap<ManagedFamily, PolicyElement>,
  want: ReadonlyMap<ManagedFamily, PolicyElement>,
  locked: LockedGroups,
): void {
  const doc = parsePolicyDocument(xml);
  for (const f of MANAGED_FAMILIES) {
    const a = want.get(f);
    const b = was.get(f);
    if (locked[f.group] !== undefined || sameElement(a, b)) continue;
    const { top, elsewhere } = locateFamily(doc, f);
    const fine = elsewhere === 0 && (a ? top.length === 1 && matches(top[0], b && top.length === 1 ? b : undefined, a) : top.length === 0);
    if (!fine) throw new Error(`The edited policy does not read back as planned (<${f.tag}>).`);
  }
}

/** `b` undefined: the element is new, so all of `a` must be there. */
function matches(el: Element, b: PolicyElement | undefined, a: PolicyElement): boolean {
  const names = new Set([...(a.attributes ?? []), ...(b?.attributes ?? [])].map(([n]) => n));
  for (const n of names) {
    const av = a.attributes?.find(([x]) => x === n)?.[1];
    if (b && b.attributes?.find(([x]) => x === n)?.[1] === av) continue;
    if ((el.getAttribute(n) ?? undefined) !== av) return false;
  }
  const nodes = childElements(el);
  const node = (c: PolicyElement): Element | undefined => nodes.find((n) => nodeIdentity(n) === identity(c));
  const gone = (b?.children ?? []).filter((c) => !(a.children ?? []).some((x) => identity(x) === identity(c)));
  if (gone.some((c) => node(c) !== undefined)) return false;
  return (a.children ?? []).every((c) => {
    const n = node(c);
    return (
      n !== undefined &&
      matches(
        n,
        b?.children?.find((x) => identity(x) === identity(c)),
        c,
      )
    );
  });
}
