/**
 * API import by link, as APIM does it: the document is downloaded when the PUT arrives (APIM answers with the title
 * it read from it) and then imported like an inline one. Only the OpenAPI and Swagger link formats are followed;
 * WADL, WSDL, GraphQL, gRPC and OData are not imported by the sandbox in any form.
 */
import { validationError } from './errors';

/** The inline format each followed link format becomes. `swagger-link` is the older name of `swagger-link-json`. */
const LINKED: Readonly<Record<string, string>> = {
  'openapi-link': 'openapi',
  'openapi+json-link': 'openapi+json',
  'swagger-link-json': 'swagger-json',
  'swagger-link': 'swagger-json',
};

const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;
const DOWNLOAD_TIMEOUT_MS = 15_000;

export const isFollowedLink = (format: string): boolean => format in LINKED;

/** Downloads a linked document; any failure is a 400 ValidationError naming the link, as an unreachable one is in APIM. */
export async function downloadLinked(format: string, link: unknown): Promise<{ format: string; value: string }> {
  if (typeof link !== 'string' || !/^https?:\/\/[^/]/i.test(link)) {
    throw validationError('value', `'value' must be the http(s) URL of the API definition for format '${format}'.`);
  }
  let text: string;
  try {
    const response = await fetch(link, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS), redirect: 'follow' });
    if (!response.ok) throw new Error(`the server answered ${response.status}`);
    const length = Number(response.headers.get('content-length') ?? 0);
    if (length > MAX_DOCUMENT_BYTES) throw new Error('the document is larger than 10 MB');
    text = await response.text();
    if (Buffer.byteLength(text) > MAX_DOCUMENT_BYTES) throw new Error('the document is larger than 10 MB');
  } catch (e) {
    const cause = (e as { cause?: { code?: string } }).cause?.code;
    throw validationError('value', `Could not download the API definition from '${link}': ${cause ?? (e as Error).message}.`);
  }
  return { format: LINKED[format], value: text };
}
