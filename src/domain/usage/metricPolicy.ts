/**
 * What an API's policy says about its token metrics: the namespace chosen at import and the dimensions it emits, read
 * from `llm-emit-token-metric` / `azure-openai-emit-token-metric` elements (parsed as XML, wherever they sit).
 */
import { DOMParser, type Document } from '@xmldom/xmldom';
import { DEFAULT_METRIC_NAMESPACE } from './metricsQueries';

export interface TokenMetricPolicy {
  readonly namespace: string;
  readonly dimensions: readonly string[];
}

const ELEMENTS = ['llm-emit-token-metric', 'azure-openai-emit-token-metric'];

/** The token metric policies in a policy document; none when there are none or the XML does not parse. */
export function tokenMetricPolicies(xml: string): TokenMetricPolicy[] {
  let doc: Document;
  try {
    doc = new DOMParser({ onError: () => undefined }).parseFromString(xml, 'text/xml');
  } catch {
    return [];
  }
  const out: TokenMetricPolicy[] = [];
  for (const tag of ELEMENTS) {
    const found = doc.getElementsByTagName(tag);
    for (let i = 0; i < found.length; i++) {
      const el = found.item(i)!;
      const dims = el.getElementsByTagName('dimension');
      const dimensions: string[] = [];
      for (let j = 0; j < dims.length; j++) {
        const name = dims.item(j)!.getAttribute('name')?.trim();
        if (name && !dimensions.some((d) => d.toLowerCase() === name.toLowerCase())) dimensions.push(name);
      }
      out.push({ namespace: el.getAttribute('namespace')?.trim() || DEFAULT_METRIC_NAMESPACE, dimensions });
    }
  }
  return out;
}
