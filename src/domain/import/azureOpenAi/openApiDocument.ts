/**
 * An OpenAPI document to import into APIM (a bundled inference version or a file the user picked): parsing JSON or
 * YAML, pointing its server at the chosen resource, listing the operations it will create, and the `format` + `value`
 * pair of the APIM import.
 */
import { parse as parseYaml } from 'yaml';
import { endpointServerVariable, normalizeAccountEndpoint } from './accountEndpoint';

export type OpenApiDocument = Record<string, unknown> & { paths: Record<string, unknown> };

export type DocumentParse = { readonly ok: true; readonly document: OpenApiDocument } | { readonly ok: false; readonly error: string };

export interface SpecOperation {
  readonly method: string;
  /** The path template of the spec, e.g. `/deployments/{deployment-id}/chat/completions`. */
  readonly path: string;
  readonly operationId?: string;
  readonly summary?: string;
}

export interface ApimImportPayload {
  readonly format: 'openapi+json' | 'swagger-json';
  readonly value: string;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
/** Bigger than any inference spec (the public 2024-10-21 one is about 250 KB) and well below APIM's import limit. */
export const MAX_SPEC_BYTES = 4 * 1024 * 1024;

/** Parses a JSON or YAML OpenAPI 3 / Swagger 2 document; failures say what is wrong and what to do. */
export function parseOpenApiText(text: string, fileName = 'The file'): DocumentParse {
  if (new TextEncoder().encode(text).length > MAX_SPEC_BYTES) {
    return { ok: false, error: `${fileName} is larger than 4 MB. Choose an OpenAPI document of the Azure OpenAI inference API.` };
  }
  let value: unknown;
  try {
    value = /^\s*[{[]/.test(text) ? JSON.parse(text) : parseYaml(text, { maxAliasCount: 100 });
  } catch (e) {
    return {
      ok: false,
      error: `${fileName} is neither valid JSON nor valid YAML (${(e as Error).message.split('\n')[0]}). Fix the file or choose another one.`,
    };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, error: `${fileName} does not hold an OpenAPI document. Choose an OpenAPI 3 or Swagger 2 JSON or YAML file.` };
  }
  const doc = value as Record<string, unknown>;
  const version = typeof doc.openapi === 'string' ? doc.openapi : typeof doc.swagger === 'string' ? doc.swagger : undefined;
  if (version === undefined || !/^(3\.[01]|2\.0)/.test(version)) {
    return {
      ok: false,
      error: `${fileName} has no "openapi": "3.x" or "swagger": "2.0" field. Choose an OpenAPI 3 or Swagger 2 document.`,
    };
  }
  if (typeof doc.paths !== 'object' || doc.paths === null || Array.isArray(doc.paths)) {
    return { ok: false, error: `${fileName} has no "paths". Choose a document that describes operations.` };
  }
  const document = doc as OpenApiDocument;
  if (listSpecOperations(document).length === 0) {
    return { ok: false, error: `${fileName} describes no operations. Choose a document with at least one operation.` };
  }
  return { ok: true, document };
}

export function isSwagger2(doc: OpenApiDocument): boolean {
  return typeof doc.swagger === 'string';
}

/** The operations APIM will create, in document order. */
export function listSpecOperations(doc: OpenApiDocument): SpecOperation[] {
  const out: SpecOperation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    if (typeof item !== 'object' || item === null) continue;
    for (const method of METHODS) {
      const op = (item as Record<string, unknown>)[method];
      if (typeof op !== 'object' || op === null) continue;
      const o = op as Record<string, unknown>;
      out.push({
        method: method.toUpperCase(),
        path,
        ...(typeof o.operationId === 'string' ? { operationId: o.operationId } : {}),
        ...(typeof o.summary === 'string' ? { summary: o.summary } : {}),
      });
    }
  }
  return out;
}

/**
 * A copy of the document whose server is the resource: OpenAPI 3 `servers` keep their path template (the public
 * specs use `https://{endpoint}/openai`) with `{endpoint}` filled in and other variables at their defaults; a server
 * without `{endpoint}` is replaced by `{endpoint}/openai`. Swagger 2 gets `host`, `basePath` and `schemes`.
 */
export function withResourceEndpoint(doc: OpenApiDocument, endpoint: string): OpenApiDocument {
  const n = normalizeAccountEndpoint(endpoint);
  if (!n.ok) throw new Error(n.error);
  const copy = structuredClone(doc);
  if (isSwagger2(copy)) {
    const url = new URL(`${n.endpoint}/openai`);
    delete copy['x-ms-parameterized-host'];
    return { ...copy, host: url.host, basePath: url.pathname, schemes: ['https'] };
  }
  const first = Array.isArray(copy.servers) ? (copy.servers[0] as Record<string, unknown> | undefined) : undefined;
  const template = typeof first?.url === 'string' && first.url.includes('{endpoint}') ? first.url : 'https://{endpoint}/openai';
  const variables = (typeof first?.variables === 'object' && first.variables !== null ? first.variables : {}) as Record<
    string,
    { default?: unknown }
  >;
  // Public specs write `https://{endpoint}/openai` (a host) or, in newer ones, `{endpoint}/openai` (a full URL).
  const endpointValue = template.startsWith('{endpoint}') ? n.endpoint : endpointServerVariable(n.endpoint);
  const url = template.replace(/\{([^}]+)\}/g, (_m, name: string) => {
    if (name === 'endpoint') return endpointValue;
    const fallback = variables[name]?.default;
    return typeof fallback === 'string' ? fallback : `{${name}}`;
  });
  return { ...copy, servers: [{ url }] };
}

/** The body of the APIM API import. */
export function importPayload(doc: OpenApiDocument): ApimImportPayload {
  return { format: isSwagger2(doc) ? 'swagger-json' : 'openapi+json', value: JSON.stringify(doc) };
}
