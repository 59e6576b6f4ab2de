/**
 * Well-formedness of policy documents, checked like APIM does before it stores one: XML that parses, with a
 * `<policies>` root. Policy expressions (`@(...)`, `@{...}`) may hold characters XML forbids (`<`, `&&`, quotes) in
 * the `rawxml` format, so their bodies are blanked out before parsing.
 */
import { DOMParser } from '@xmldom/xmldom';
import { validationError } from './errors';

export function checkPolicyXml(xml: string): void {
  const problems: string[] = [];
  let rootName: string | undefined;
  const blanked = blankExpressions(xml);
  // xmldom lets a bare '&' through; .NET's XML reader, which APIM uses, does not.
  const stray = /&(?!(?:[A-Za-z_][\w.-]*|#\d+|#x[0-9a-fA-F]+);)/.exec(blanked.replace(/<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->/g, ''));
  if (stray) problems.push("An '&' that does not start an entity reference (write &amp;).");
  try {
    const doc = new DOMParser({
      onError: (level, message) => {
        if (level !== 'warning') problems.push(message);
      },
    }).parseFromString(blanked, 'text/xml');
    rootName = doc.documentElement?.nodeName;
  } catch (e) {
    problems.push((e as Error).message);
  }
  if (problems.length > 0) {
    throw validationError('representation', `'${xml.slice(0, 40)}...' is not a valid XML document: ${problems[0].split('\n')[0]}`);
  }
  if (rootName !== 'policies') {
    throw validationError('representation', `The policy document must have a 'policies' root element, not '${rootName ?? '(none)'}'.`);
  }
}

/** Replaces the inside of every `@(...)` / `@{...}` expression with spaces, keeping positions for error messages. */
function blankExpressions(xml: string): string {
  const out = xml.split('');
  for (let i = 0; i < xml.length - 1; i++) {
    if (xml[i] !== '@' || (xml[i + 1] !== '(' && xml[i + 1] !== '{')) continue;
    const open = xml[i + 1];
    const close = open === '(' ? ')' : '}';
    let depth = 0;
    let inString: string | undefined;
    let j = i + 1;
    for (; j < xml.length; j++) {
      const c = xml[j];
      if (inString) {
        if (c === '\\') j++;
        else if (c === inString) inString = undefined;
      } else if (c === '"') {
        // A C# string inside the expression: its parentheses and braces do not count.
        inString = c;
      } else if (c === open) {
        depth++;
      } else if (c === close && --depth === 0) {
        break;
      }
    }
    if (j >= xml.length) return xml; // unbalanced: let the XML parser report what it finds
    for (let k = i + 2; k < j; k++) if (out[k] !== '\n') out[k] = ' ';
    i = j;
  }
  return out.join('');
}
