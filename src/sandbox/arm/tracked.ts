/**
 * What ARM's tracked resources outside APIM share (Application Insights components, Log Analytics workspaces, Redis
 * Enterprise clusters): list by subscription and by resource group, GET with a 404 naming the resource the way ARM
 * does, DELETE (200, or 204 when already gone), PATCH of tags, and the common checks of a PUT body (location, tags).
 * Each family supplies its provider path, validation and rendering.
 */
import type { ArmResource } from '../store';
import { ArmError, resourceNotFound } from './errors';
import { etagHeaders } from './etag';
import { pageOf } from './paging';
import { bodyObject, ok, type ArmRequest, type ArmResponse, type ArmRoute } from './request';
import { RESOURCE_GROUP, ofTypeInSubscription, SUBSCRIPTION, findResourceGroup } from './scopes';

export interface TrackedSpec {
  /** `Microsoft.Insights/components`: the provider namespace and the resource type, as in the route. */
  readonly type: string;
  /** The name of the route parameter for the resource's name. */
  readonly param: string;
  readonly render: (req: ArmRequest, resource: ArmResource) => Record<string, unknown>;
}

export const trackedPattern = (spec: Pick<TrackedSpec, 'type' | 'param'>): string =>
  `${RESOURCE_GROUP}/providers/${spec.type}/{${spec.param}}`;

export function findTracked(req: ArmRequest, spec: Pick<TrackedSpec, 'type' | 'param'>): ArmResource {
  const rg = findResourceGroup(req);
  const name = req.params[spec.param];
  const found = req.store.get(`${rg.id}/providers/${spec.type}/${name}`);
  if (!found) throw resourceNotFound(spec.type, name, req.params.rg);
  return found;
}

/** List by subscription and resource group, GET, PATCH of tags and DELETE; the family adds its PUT. */
export function trackedRoutes(spec: TrackedSpec): ArmRoute[] {
  const show = (req: ArmRequest, r: ArmResource): ArmResponse => ok(spec.render(req, r), etagHeaders(r));
  const list = (req: ArmRequest, items: ArmResource[]): ArmResponse => pageOf(req, items, (r) => spec.render(req, r));
  const item = trackedPattern(spec);
  return [
    {
      method: 'GET',
      pattern: `${SUBSCRIPTION}/providers/${spec.type}`,
      handler: (req) => list(req, ofTypeInSubscription(req, spec.type)),
    },
    {
      method: 'GET',
      pattern: `${RESOURCE_GROUP}/providers/${spec.type}`,
      handler: (req) => list(req, req.store.children(findResourceGroup(req).id, `providers/${spec.type}`)),
    },
    { method: 'GET', pattern: item, handler: (req) => show(req, findTracked(req, spec)) },
    {
      method: 'PATCH',
      pattern: item,
      handler: (req) => {
        const existing = findTracked(req, spec);
        const body = bodyObject(req);
        const stored = req.store.put({ ...existing, tags: body.tags === undefined ? (existing.tags ?? {}) : tagsOf(body.tags) });
        return show(req, stored);
      },
    },
    {
      method: 'DELETE',
      pattern: item,
      handler: (req) => {
        const rg = findResourceGroup(req);
        const id = `${rg.id}/providers/${spec.type}/${req.params[spec.param]}`;
        return { status: req.store.delete(id) ? 200 : 204 };
      },
    },
  ];
}

/** The location of a PUT body: required, as ARM requires it of every tracked resource. */
export function locationOf(body: Record<string, unknown>): string {
  if (typeof body.location !== 'string' || body.location.trim() === '') {
    throw new ArmError(400, 'LocationRequired', 'The location property is required for this definition.');
  }
  return body.location.trim().toLowerCase().replace(/\s+/g, '');
}

export function tagsOf(value: unknown): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value) || Object.values(value).some((v) => typeof v !== 'string')) {
    throw new ArmError(
      400,
      'InvalidRequestContent',
      "The request content was invalid and could not be deserialized: 'tags' must map names to strings.",
    );
  }
  return { ...(value as Record<string, string>) };
}

/** What a family's PUT adds to the common fields (location and tags are checked here). */
export type TrackedBuild = (
  req: ArmRequest,
  body: Record<string, unknown>,
  existing: ArmResource | undefined,
) => Pick<ArmResource, 'properties'> & Partial<Pick<ArmResource, 'kind' | 'sku'>>;

/** Create or replace: 201 when created, 200 when replaced. */
export function trackedPutRoute(spec: TrackedSpec, build: TrackedBuild): ArmRoute {
  return {
    method: 'PUT',
    pattern: trackedPattern(spec),
    handler: (req) => {
      const rg = findResourceGroup(req);
      const id = `${rg.id}/providers/${spec.type}/${req.params[spec.param]}`;
      const existing = req.store.get(id);
      const body = bodyObject(req);
      const location = locationOf(body);
      const tags = tagsOf(body.tags);
      const built = build(req, body, existing);
      const stored = req.store.put({ id, name: existing?.name ?? req.params[spec.param], type: spec.type, location, tags, ...built });
      return { status: existing ? 200 : 201, body: spec.render(req, stored), headers: etagHeaders(stored) };
    },
  };
}
