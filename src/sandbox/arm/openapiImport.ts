/**
 * API import from an OpenAPI document (`format` + `value`): `openapi+json` (JSON), `openapi` (YAML or JSON) and
 * `swagger-json` (Swagger 2.0). Gives what APIM takes from a spec: title, description, backend URL and one operation
 * per path and method. Links to such documents are downloaded first (importLinks.ts).
 */
import { parse as parseYaml } from 'yaml';
import { validationError } from './errors';

export interface ImportedOperation {
  readonly name: string;
  readonly displayName: string;
  readonly method: string;
  readonly urlTemplate: string;
  readonly description?: string;
  readonly templateParameters: readonly { name: string; required: boolean; type: string }[];
  readonly queryParameters: readonly { name: string; required: boolean; type: string }[];
}

export interface ImportedSpec {
  readonly title?: string;
  readonly description?: string;
  readonly serviceUrl?: string;
  readonly operations: readonly ImportedOperation[];
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
export const IMPORT_FORMATS = ['openapi+json', 'openapi', 'swagger-json'];
const LINK_FORMATS = ['openapi+json-link', 'openapi-link', 'swagger-link-json', 'wadl-link-json', 'wsdl-link', 'graphql-link'];

/**
 * `template` turns required query parameters into template parameters (`/x?api-version={api-version}`), `query`
 * keeps them as query parameters: the API's `translateRequiredQueryParameters`.
 */
export type QueryTranslation = 'template' | 'query';

export function parseImport(format: string, value: unknown, queryTranslation: QueryTranslation): ImportedSpec {
  if (LINK_FORMATS.includes(format)) {
    throw validationError(
      'format',
      `Import format '${format}' is not supported by the sandbox: it imports OpenAPI and Swagger documents, inline or by link (openapi-link, openapi+json-link, swagger-link-json).`,
    );
  }
  if (!IMPORT_FORMATS.includes(format)) {
    throw validationError('format', `Import format '${format}' is not supported by the sandbox. Supported: ${IMPORT_FORMATS.join(', ')}.`);
  }
  if (typeof value !== 'string' || value.trim() === '') throw validationError('value', "'value' must hold the API definition document.");
  let doc: unknown;
  try {
    doc = format === 'openapi' ? parseYaml(value) : JSON.parse(value);
  } catch (e) {
    throw validationError(
      'value',
      `Parsing error(s): the document is not valid ${format === 'openapi' ? 'YAML or JSON' : 'JSON'}: ${(e as Error).message}`,
    );
  }
  if (!isObject(doc)) throw validationError('value', 'Parsing error(s): the document is not an object.');
  const isOpenApi3 = typeof doc.openapi === 'string' && doc.openapi.startsWith('3.');
  const isSwagger2 = doc.swagger === '2.0';
  if (!isOpenApi3 && !isSwagger2) {
    throw validationError('value', "Parsing error(s): the document has neither 'openapi: 3.x' nor 'swagger: 2.0'.");
  }
  if (!isObject(doc.paths)) throw validationError('value', "Parsing error(s): the document has no 'paths' object.");

  const info = isObject(doc.info) ? doc.info : {};
  const operations: ImportedOperation[] = [];
  const used = new Set<string>();
  for (const [path, item] of Object.entries(doc.paths)) {
    if (!isObject(item)) continue;
    const shared = Array.isArray(item.parameters) ? item.parameters : [];
    for (const method of METHODS) {
      const op = item[method];
      if (!isObject(op)) continue;
      const params = [...(shared as unknown[]), ...(Array.isArray(op.parameters) ? (op.parameters as unknown[]) : [])]
        .map((p) => resolveRef(doc, p))
        .filter(isObject);
      const pick = (where: string) =>
        params
          .filter((p) => p.in === where && typeof p.name === 'string')
          .map((p) => ({ name: p.name as string, required: p.required === true || where === 'path', type: schemaType(p) }));
      const query = pick('query');
      const templated = queryTranslation === 'template' ? query.filter((q) => q.required) : [];
      const name = uniqueName(operationName(op, method, path), used);
      operations.push({
        name,
        displayName: str(op.summary) ?? str(op.operationId) ?? `${method[0].toUpperCase()}${method.slice(1)} - ${path}`,
        method: method.toUpperCase(),
        urlTemplate: templated.length === 0 ? path : `${path}?${templated.map((q) => `${q.name}={${q.name}}`).join('&')}`,
        ...(str(op.description) ? { description: str(op.description)! } : {}),
        templateParameters: [...pick('path'), ...templated],
        queryParameters: query.filter((q) => !templated.includes(q)),
      });
    }
  }
  return {
    ...(str(info.title) ? { title: str(info.title)! } : {}),
    ...(str(info.description) ? { description: str(info.description)! } : {}),
    ...(serverUrl(doc) ? { serviceUrl: serverUrl(doc)! } : {}),
    operations,
  };
}

function serverUrl(doc: Record<string, unknown>): string | undefined {
  if (Array.isArray(doc.servers) && isObject(doc.servers[0]) && typeof doc.servers[0].url === 'string') {
    const server = doc.servers[0];
    const vars = isObject(server.variables) ? server.variables : {};
    return (server.url as string).replace(/\{([^}]+)\}/g, (whole, name: string) => {
      const v = vars[name];
      return isObject(v) && typeof v.default === 'string' ? v.default : whole;
    });
  }
  if (typeof doc.host === 'string') {
    const scheme = Array.isArray(doc.schemes) && typeof doc.schemes[0] === 'string' ? doc.schemes[0] : 'https';
    return `${scheme}://${doc.host}${typeof doc.basePath === 'string' ? doc.basePath : ''}`;
  }
  return undefined;
}

/**
 * APIM's documented normalization of an operationId (else method and path) into the operation's name: lower case,
 * each run of non-alphanumeric characters one dash, no dash at either end, at most 76 characters.
 */
function operationName(op: Record<string, unknown>, method: string, path: string): string {
  const base = str(op.operationId) ?? `${method}-${path}`;
  const cleaned = base
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return (cleaned || method).slice(0, 76);
}

/** The four characters APIM keeps beyond 76 hold a de-duplication suffix: `-1`, `-2`, ... */
function uniqueName(name: string, used: Set<string>): string {
  let candidate = name;
  for (let i = 1; used.has(candidate); i++) candidate = `${name}-${i}`;
  used.add(candidate);
  return candidate;
}

/** A local `$ref` (`#/components/parameters/x`, `#/parameters/x`) resolved in the document; anything else as is. */
function resolveRef(doc: Record<string, unknown>, value: unknown): unknown {
  if (!isObject(value) || typeof value.$ref !== 'string' || !value.$ref.startsWith('#/')) return value;
  let node: unknown = doc;
  for (const part of value.$ref.slice(2).split('/')) node = isObject(node) ? node[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
  return node;
}

function schemaType(p: Record<string, unknown>): string {
  if (typeof p.type === 'string') return p.type;
  return isObject(p.schema) && typeof p.schema.type === 'string' ? p.schema.type : 'string';
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
