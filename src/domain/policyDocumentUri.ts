/**
 * The URI of an API's policy as a document, `aigateway-policy:/{subscription}/{resourceGroup}/{service}/{apiId}/policy.xml`,
 * built and read without 'vscode' (vscode-uri is the same URI type VS Code uses), so that it is tested in plain Node
 * and the file system provider only converts it.
 */
import { URI } from 'vscode-uri';

export const POLICY_SCHEME = 'aigateway-policy';

export interface PolicyDocumentRef {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly serviceName: string;
  readonly apiId: string;
}

export function policyDocumentUri(ref: PolicyDocumentRef): URI {
  const segments = [ref.subscriptionId, ref.resourceGroup, ref.serviceName, ref.apiId].map(encodeURIComponent);
  return URI.from({ scheme: POLICY_SCHEME, path: `/${segments.join('/')}/policy.xml` });
}

/** The policy a URI names, or undefined when it is not one of ours (another scheme, a folder, a stray path). */
export function parsePolicyDocumentUri(uri: { readonly scheme: string; readonly path: string }): PolicyDocumentRef | undefined {
  if (uri.scheme !== POLICY_SCHEME) return undefined;
  const parts = uri.path.split('/').filter(Boolean);
  if (parts.length !== 5 || parts[4] !== 'policy.xml') return undefined;
  try {
    const [subscriptionId, resourceGroup, serviceName, apiId] = parts.slice(0, 4).map(decodeURIComponent) as [
      string,
      string,
      string,
      string,
    ];
    return { subscriptionId, resourceGroup, serviceName, apiId };
  } catch {
    return undefined; // a malformed %-escape
  }
}
