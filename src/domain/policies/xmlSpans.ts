/**
 * Where things are in the text of a well-formed XML document, so that an edit replaces only the characters it changes
 * and everything else stays byte for byte: an element's span (from the DOM's line and column to the end of its closing
 * tag), the attributes of its start tag, the indentation of its line. Only for text the XML parser already accepted.
 */
import type { Element } from '@xmldom/xmldom';

export interface Span {
  readonly start: number;
  readonly end: number;
}

export interface AttributeSpan extends Span {
  readonly name: string;
  /** The value's characters, without the quotes. */
  readonly valueStart: number;
  readonly valueEnd: number;
  readonly quote: '"' | "'";
}

export interface StartTag extends Span {
  readonly attributes: readonly AttributeSpan[];
  /** Where a new attribute goes: after the last one (or the name). */
  readonly attributeEnd: number;
  readonly selfClosing: boolean;
}

export class TextIndex {
  private readonly lineStarts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text[i] === '\n') this.lineStarts.push(i + 1);
  }

  /** The offset of an element's `<` from the position the parser recorded (1-based line and column). */
  startOf(el: Element): number {
    const line = el.lineNumber ?? 0;
    const column = el.columnNumber ?? 0;
    const offset = (this.lineStarts[line - 1] ?? Number.NaN) + column - 1;
    if (!(this.text[offset] === '<' && this.text.startsWith(el.tagName, offset + 1))) {
      throw new Error(`Could not find <${el.tagName}> in the policy text.`);
    }
    return offset;
  }

  span(el: Element): Span {
    const start = this.startOf(el);
    return { start, end: elementEnd(this.text, start) };
  }

  startTag(el: Element): StartTag {
    return startTag(this.text, this.startOf(el));
  }

  /** The whitespace before `offset` on its line, or undefined when something else precedes it there. */
  indentBefore(offset: number): string | undefined {
    const lineStart = this.text.lastIndexOf('\n', offset - 1) + 1;
    const before = this.text.slice(lineStart, offset);
    return /^[ \t]*$/.test(before) ? before : undefined;
  }

  /** The span to delete for an element: its whole line(s) when it stands alone there, else just the element. */
  removal(el: Element): Span {
    const { start, end } = this.span(el);
    const lineStart = this.text.lastIndexOf('\n', start - 1) + 1;
    const newline = this.text.indexOf('\n', end);
    const lineEnd = newline < 0 ? this.text.length : newline + 1;
    const alone = /^[ \t]*$/.test(this.text.slice(lineStart, start)) && /^[ \t]*\n?$/.test(this.text.slice(end, lineEnd));
    return alone ? { start: lineStart, end: lineEnd } : { start, end };
  }
}

/** The index just past the `>` that closes the tag opened at `lt`, skipping `>` inside quoted values. */
function tagClose(text: string, lt: number): number {
  let quote: string | undefined;
  for (let i = lt + 1; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return i + 1;
  }
  throw new Error('Unclosed tag in the policy text.');
}

function skipPast(text: string, from: number, marker: string): number {
  const at = text.indexOf(marker, from);
  if (at < 0) throw new Error(`Unclosed ${marker} in the policy text.`);
  return at + marker.length;
}

/** The index just past the end of the element whose start tag begins at `start` (its own closing tag included). */
export function elementEnd(text: string, start: number): number {
  let depth = 0;
  let i = start;
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    if (lt < 0) break;
    if (text.startsWith('<!--', lt)) i = skipPast(text, lt, '-->');
    else if (text.startsWith('<![CDATA[', lt)) i = skipPast(text, lt, ']]>');
    else if (text.startsWith('<?', lt)) i = skipPast(text, lt, '?>');
    else {
      const close = tagClose(text, lt);
      if (text[lt + 1] === '/') depth--;
      else if (text[close - 2] !== '/') depth++;
      i = close;
      if (depth === 0) return i;
    }
  }
  throw new Error('Unbalanced element in the policy text.');
}

export function startTag(text: string, start: number): StartTag {
  const end = tagClose(text, start);
  const selfClosing = text[end - 2] === '/';
  const stop = selfClosing ? end - 2 : end - 1;
  const attributes: AttributeSpan[] = [];
  let i = start + 1;
  while (i < stop && !/\s/.test(text[i])) i++;
  let attributeEnd = i;
  const attribute = /\s+([^\s=/>]+)\s*=\s*(["'])/y;
  for (;;) {
    attribute.lastIndex = i;
    const m = attribute.exec(text);
    if (!m || m.index >= stop) break;
    const quote = m[2] as '"' | "'";
    const valueStart = attribute.lastIndex;
    const valueEnd = text.indexOf(quote, valueStart);
    attributes.push({ name: m[1], start: m.index, end: valueEnd + 1, valueStart, valueEnd, quote });
    i = attributeEnd = valueEnd + 1;
  }
  return { start, end, attributes, attributeEnd, selfClosing };
}

/** An attribute value as XML text between `quote`s: markup, the quote and line breaks escaped (they would be normalised). */
export function escapeAttribute(value: string, quote: '"' | "'" = '"'): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(quote === '"' ? /"/g : /'/g, quote === '"' ? '&quot;' : '&apos;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}
