/**
 * The CRUD every APIM entity shares (APIs, operations, backends, named values, products, subscriptions): list with
 * `$filter`/`$top`/`$skip`, GET/HEAD with ETag, PUT (create 201 / replace 200, optional If-Match), PATCH and DELETE
 * (If-Match required), optionally as LROs. Each family supplies only validation and rendering.
 */
import type { ArmResource } from '../store';
import { entityNotFound, validationError } from './errors';
import { checkIfMatch, conditionalDelete, etagHeaders } from './etag';
import { parseFilter, type FieldValue } from './odataFilter';
import { pageOf } from './paging';
import { bodyProperties, ok, type ArmRequest, type ArmResponse, type ArmRoute } from './request';

export interface BuildInput {
  readonly req: ArmRequest;
  readonly parent: ArmResource;
  readonly id: string;
  readonly name: string;
  /** The properties to store: the PUT body's, or for PATCH the existing ones merged with the body's. */
  readonly properties: Record<string, unknown>;
  readonly existing: ArmResource | undefined;
}

export interface EntitySpec {
  /** Route pattern of the entity, ending in `/{collection}/{idParam}`. */
  readonly pattern: string;
  readonly collection: string;
  readonly idParam: string;
  /** The longest name the spec allows for this entity (its `{idParam}` path parameter); 256 unless given. */
  readonly maxNameLength?: number;
  readonly type: string;
  /** As in APIM's messages: "Api not found." */
  readonly label: string;
  readonly parent: (req: ArmRequest) => ArmResource;
  /** Validates and completes the properties (defaults), throwing ArmErrors; returns what to store. */
  readonly build: (input: BuildInput) => Record<string, unknown> | Promise<Record<string, unknown>>;
  /** The properties a client may see (secrets removed; fields its api-version does not know left out). */
  readonly render: (resource: ArmResource, req: ArmRequest) => Record<string, unknown>;
  readonly lro?: { readonly put?: boolean; readonly patch?: boolean; readonly delete?: boolean };
  /** Runs after a write is stored (e.g. an API import writes its operations). */
  readonly afterWrite?: (req: ArmRequest, stored: ArmResource, input: BuildInput) => void;
  /** Runs before a delete (e.g. remove product links to an API). */
  readonly beforeDelete?: (req: ArmRequest, resource: ArmResource) => void;
  readonly filterField?: (resource: ArmResource, field: string) => FieldValue;
}

export function envelope(resource: ArmResource, properties: Record<string, unknown>): Record<string, unknown> {
  return { id: resource.id, type: resource.type, name: resource.name, properties };
}

export function entityRoutes(spec: EntitySpec): ArmRoute[] {
  const collectionPattern = spec.pattern.slice(0, spec.pattern.lastIndexOf('/'));
  const show = (r: ArmResource, req: ArmRequest): Record<string, unknown> => envelope(r, spec.render(r, req));
  const find = (req: ArmRequest): { parent: ArmResource; id: string; name: string; existing: ArmResource | undefined } => {
    const parent = spec.parent(req);
    const name = req.params[spec.idParam];
    const existing = req.store.get(`${parent.id}/${spec.collection}/${name}`);
    return { parent, id: existing?.id ?? `${parent.id}/${spec.collection}/${name}`, name: existing?.name ?? name, existing };
  };

  const write = async (req: ArmRequest, properties: Record<string, unknown>, isPatch: boolean): Promise<ArmResponse> => {
    const { parent, id, name, existing } = find(req);
    if (!existing) checkEntityName(spec, name);
    if (isPatch && !existing) throw entityNotFound(spec.label);
    checkIfMatch(req, existing, isPatch);
    const merged = isPatch ? { ...existing!.properties, ...properties } : properties;
    const input: BuildInput = { req, parent, id, name, properties: merged, existing };
    const built = await spec.build(input);
    const stored = req.store.put({
      id,
      name,
      type: spec.type,
      properties: built,
      ...(existing?.secrets ? { secrets: existing.secrets } : {}),
    });
    spec.afterWrite?.(req, stored, input);
    const status = existing || isPatch ? 200 : 201;
    const final = () => show(req.store.get(stored.id) ?? stored, req);
    // APIM's long-running PUT answers at once with the entity (`provisioningState: InProgress`) and the polling
    // headers, as in its examples; its long-running PATCH answers 202 without a body.
    if (!isPatch && spec.lro?.put) {
      const body = show(stored, req);
      const first = { status, body: { ...body, properties: { ...(body.properties as object), provisioningState: 'InProgress' } } };
      return req.lro.accepted(req, stored.id, final, { ...first, headers: etagHeaders(stored) });
    }
    if (isPatch && spec.lro?.patch) return req.lro.accepted(req, stored.id, final);
    return { status, body: show(stored, req), headers: etagHeaders(stored) };
  };

  return [
    {
      method: 'GET',
      pattern: collectionPattern,
      handler: (req) => {
        const parent = spec.parent(req);
        let items = req.store.children(parent.id, spec.collection);
        const filter = req.url.searchParams.get('$filter');
        if (filter) {
          const predicate = parseFilter(filter);
          const read = spec.filterField ?? defaultField;
          items = items.filter((r) => predicate((field) => read(r, field)));
        }
        return pageOf(req, items, (r) => show(r, req), true);
      },
    },
    {
      method: 'GET',
      pattern: spec.pattern,
      handler: (req) => {
        const { existing } = find(req);
        if (!existing) throw entityNotFound(spec.label);
        return ok(show(existing, req), etagHeaders(existing));
      },
    },
    { method: 'PUT', pattern: spec.pattern, handler: (req) => write(req, bodyProperties(req), false) },
    { method: 'PATCH', pattern: spec.pattern, handler: (req) => write(req, bodyProperties(req), true) },
    {
      method: 'DELETE',
      pattern: spec.pattern,
      handler: (req) => {
        const { existing } = find(req);
        const answer = conditionalDelete(req, existing, spec.beforeDelete);
        // A long-running DELETE of an entity that existed is 202 and its result 204, as in APIM's ApiManagementDeleteApi.
        return spec.lro?.delete && existing ? req.lro.accepted(req, existing.id, () => undefined) : answer;
      },
    },
  ];
}

export function defaultField(resource: ArmResource, field: string): FieldValue {
  if (field.toLowerCase() === 'name') return resource.name;
  const key = Object.keys(resource.properties).find((k) => k.toLowerCase() === field.toLowerCase());
  const v = key === undefined ? undefined : resource.properties[key];
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : undefined;
}

/**
 * APIM's entity names (the specs' `apiId`, `namedValueId`, `sid`, ... path parameters): 1 to 256 characters (80 for
 * backends and operations) and none of `*#&+:<>?`. The exact error APIM answers for a bad name is unverified.
 */
function checkEntityName(spec: EntitySpec, name: string): void {
  const max = spec.maxNameLength ?? 256;
  if (name.length === 0 || name.length > max || /[*#&+:<>?]/.test(name)) {
    throw validationError(
      spec.idParam,
      `'${name}' is not a valid ${spec.label} identifier: it must have 1 to ${max} characters, none of them * # & + : < > ?`,
    );
  }
}
