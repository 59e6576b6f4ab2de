/**
 * Cognitive Services accounts (kinds `OpenAI`, `AIServices` and `ContentSafety`) and their model deployments: list by subscription
 * and resource group, get, listKeys; deployments list and get. Endpoints point at the mock model server and are
 * computed at render time from the sandbox origin, with the `endpoints` map Azure returns.
 */
import { accountEndpointFor } from '../context';
import type { ArmResource } from '../store';
import { ArmError, resourceNotFound } from './errors';
import { etagHeaders } from './etag';
import { TYPES } from './ids';
import { pageOf } from './paging';
import { ok, type ArmRequest, type ArmRoute } from './request';
import { ACCOUNT, RESOURCE_GROUP, SUBSCRIPTION, findResourceGroup, ofTypeInSubscription } from './scopes';

export function renderAccount(req: Pick<ArmRequest, 'ctx'>, a: ArmResource): Record<string, unknown> {
  const endpoint = accountEndpointFor(req.ctx, a.name);
  const endpoints: Record<string, string> =
    a.kind === 'ContentSafety'
      ? { 'Content Safety': endpoint }
      : {
          'OpenAI Language Model Instance API': endpoint,
          'OpenAI Dall-E API': endpoint,
          'OpenAI Whisper API': endpoint,
          'OpenAI Model Scaleset API': endpoint,
          'OpenAI Realtime API': endpoint,
        };
  if (a.kind === 'AIServices') {
    Object.assign(endpoints, {
      'AI Foundry API': endpoint,
      'Azure AI Model Inference API': endpoint,
      'Content Safety': endpoint,
      'Speech Services Speech to Text': endpoint,
    });
  }
  return {
    id: a.id,
    name: a.name,
    type: a.type,
    kind: a.kind,
    location: a.location,
    etag: a.etag,
    tags: a.tags ?? {},
    sku: a.sku ?? { name: 'S0' },
    ...(a.identity ? { identity: a.identity } : {}),
    properties: {
      ...a.properties,
      endpoint,
      endpoints,
      provisioningState: 'Succeeded',
      customSubDomainName: a.name,
      publicNetworkAccess: 'Enabled',
    },
  };
}

function renderDeployment(d: ArmResource): Record<string, unknown> {
  return {
    id: d.id,
    name: d.name,
    type: d.type,
    etag: d.etag,
    sku: d.sku,
    properties: { ...d.properties, provisioningState: 'Succeeded' },
  };
}

function findAccount(req: ArmRequest): ArmResource {
  const rg = findResourceGroup(req);
  const account = req.store.get(`${rg.id}/providers/Microsoft.CognitiveServices/accounts/${req.params.account}`);
  if (!account) throw resourceNotFound('Microsoft.CognitiveServices/accounts', req.params.account, req.params.rg);
  return account;
}

export function cognitiveServicesRoutes(): ArmRoute[] {
  const list = (req: ArmRequest, items: ArmResource[]) => pageOf(req, items, (a) => renderAccount(req, a));
  return [
    {
      method: 'GET',
      pattern: `${SUBSCRIPTION}/providers/Microsoft.CognitiveServices/accounts`,
      handler: (req) => list(req, ofTypeInSubscription(req, TYPES.account)),
    },
    {
      method: 'GET',
      pattern: `${RESOURCE_GROUP}/providers/Microsoft.CognitiveServices/accounts`,
      handler: (req) => list(req, req.store.children(findResourceGroup(req).id, 'providers/Microsoft.CognitiveServices/accounts')),
    },
    {
      method: 'GET',
      pattern: ACCOUNT,
      handler: (req) => {
        const a = findAccount(req);
        return ok(renderAccount(req, a), etagHeaders(a));
      },
    },
    {
      method: 'POST',
      pattern: `${ACCOUNT}/listKeys`,
      handler: (req) => {
        const a = findAccount(req);
        return ok({ key1: a.secrets?.key1, key2: a.secrets?.key2 });
      },
    },
    {
      method: 'GET',
      pattern: `${ACCOUNT}/deployments`,
      handler: (req) => pageOf(req, req.store.children(findAccount(req).id, 'deployments'), renderDeployment),
    },
    {
      method: 'GET',
      pattern: `${ACCOUNT}/deployments/{deployment}`,
      handler: (req) => {
        const d = req.store.get(`${findAccount(req).id}/deployments/${req.params.deployment}`);
        if (!d) throw new ArmError(404, 'DeploymentNotFound', `The deployment '${req.params.deployment}' does not exist.`);
        return ok(renderDeployment(d), etagHeaders(d));
      },
    },
  ];
}
