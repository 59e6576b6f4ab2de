/**
 * The APIM gateway of the sandbox, served under `{origin}/gateway/{serviceName}`: routes to an API operation, checks
 * the subscription key, then runs the composed policies (inbound, backend, outbound, on-error) around the backend call.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SandboxContext } from '../context';
import { BodyTooLargeError, readBody } from '../httpBody';
import { GatewayError, RESOURCE_NOT_FOUND, apimErrorBody, sendApimError } from './apimErrors';
import { GatewayCall, type GatewayRequest } from './call';
import { watchLlmLogs } from './llmLogs';
import { runSection } from './policy/engine';
import { namedValuesOf } from './policy/namedValues';
import { POLICY_HANDLERS } from './policies/registry';
import { effectivePolicy } from './policySources';
import { notifyCompletion, writeResponse } from './respond';
import { apiTableOf, findService, matchOperation, operationsOf } from './router';
import { gatewayState } from './state';
import { checkSubscriptionKey, keyNamesOf } from './subscriptionKey';
import { usageFromJsonBody } from './usage';

export async function handleGatewayRequest(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  ctx: SandboxContext,
  serviceName: string,
  restPath: string,
): Promise<void> {
  try {
    const call = await prepare(req, res, url, ctx, serviceName, restPath);
    if (call) await run(res, call);
  } catch (err) {
    if (err instanceof BodyTooLargeError) return sendApimError(res, 413, err.message);
    ctx.log(`gateway: ${req.method ?? 'GET'} ${url.pathname} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    if (!res.headersSent) sendApimError(res, 500, 'Internal server error');
    else res.destroy();
  }
}

/** Routing and the key check; answers the request itself (404, 401) and returns undefined when it goes no further. */
async function prepare(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  ctx: SandboxContext,
  serviceName: string,
  restPath: string,
): Promise<GatewayCall | undefined> {
  const method = (req.method ?? 'GET').toUpperCase();
  const service = findService(ctx.store, serviceName);
  const apiMatch = service ? apiTableOf(ctx.store, service).match(restPath) : undefined;
  const opMatch = apiMatch ? matchOperation(operationsOf(ctx.store, apiMatch.api), method, apiMatch.operationPath) : undefined;
  if (!service || !apiMatch || !opMatch) {
    sendApimError(res, 404, RESOURCE_NOT_FOUND);
    return undefined;
  }
  const { api, operationPath } = apiMatch;
  const keyNames = keyNamesOf(api);
  const headerKey = req.headers[keyNames.header.toLowerCase()];
  const presented = (Array.isArray(headerKey) ? headerKey[0] : headerKey) ?? url.searchParams.get(keyNames.query) ?? undefined;
  const check = checkSubscriptionKey(ctx.store, service, api, presented);
  if (!check.ok) {
    sendApimError(res, 401, check.message);
    return undefined;
  }

  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v !== undefined && k !== keyNames.header.toLowerCase()) headers[k] = Array.isArray(v) ? v.join(', ') : v;
  }
  const query = new URLSearchParams(url.search);
  query.delete(keyNames.query);
  const request: GatewayRequest = {
    method,
    path: operationPath,
    query,
    headers,
    body: method === 'GET' || method === 'HEAD' ? Buffer.alloc(0) : await readBody(req),
    clientIp: (req.socket.remoteAddress ?? '').replace(/^::ffff:/, ''),
  };
  return new GatewayCall(
    ctx,
    gatewayState(ctx),
    service,
    api,
    opMatch.operation,
    check.subscription,
    check.productId,
    namedValuesOf(ctx.store, service),
    request,
  );
}

async function run(res: ServerResponse, call: GatewayCall): Promise<void> {
  const policy = effectivePolicy(call.ctx.store, call.service, call.api, call.operation, call.productId);
  watchLlmLogs(call, call.state.llmLogs);
  try {
    await runSection(policy.inbound, call, 'inbound', POLICY_HANDLERS);
    if (!call.final) await runSection(policy.backend, call, 'backend', POLICY_HANDLERS);
    if (!call.final) {
      // No forward-request anywhere (a policy removed it): APIM answers 200 with an empty body.
      call.response ??= { status: 200, headers: {}, body: Buffer.alloc(0) };
      await runSection(policy.outbound, call, 'outbound', POLICY_HANDLERS);
      // A buffered body is complete now: account for it before it is written (streamed ones do so at their end).
      const response = call.response;
      if (response.body) notifyCompletion(call, usageFromJsonBody(response.body), response, response.body);
    }
  } catch (err) {
    if (!(err instanceof GatewayError)) throw err;
    call.response?.stream?.destroy();
    call.response = {
      status: err.status,
      headers: { 'content-type': 'application/json', ...err.headers },
      body: apimErrorBody(err.status, err.message),
    };
    call.final = false;
    await runSection(policy['on-error'], call, 'on-error', POLICY_HANDLERS).catch((e: unknown) =>
      call.ctx.log(`gateway: on-error failed: ${String(e)}`),
    );
  }
  await writeResponse(res, call, call.response!);
}
