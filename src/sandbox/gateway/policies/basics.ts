/** The general-purpose policies: set-backend-service, set-header, set-variable, forward-request, return-response. */
import { forwardCall } from '../forward';
import type { GatewayCall } from '../call';
import type { PolicyHandler } from '../policy/engine';
import { child, type PolicyNode } from '../policy/xml';

export const setBackendService: PolicyHandler = (node, call) => {
  const backendId = call.value(node.attrs['backend-id']);
  const baseUrl = call.value(node.attrs['base-url']);
  if (backendId) {
    call.backendId = backendId;
    call.baseUrl = undefined;
  } else if (baseUrl) {
    call.baseUrl = baseUrl;
    call.backendId = undefined;
  }
};

/** In inbound/backend it edits the request's headers; in outbound/on-error the response's. */
export const setHeader: PolicyHandler = (node, call, section) => {
  const target = section === 'inbound' || section === 'backend' ? call.request.headers : (call.response?.headers ?? call.responseHeaders);
  applySetHeader(node, call, target);
};

export function applySetHeader(node: PolicyNode, call: GatewayCall, headers: Record<string, string>): void {
  const name = (call.value(node.attrs.name) ?? '').toLowerCase();
  if (name === '') return;
  const action = (node.attrs['exists-action'] ?? 'override').toLowerCase();
  const values = node.children.filter((c) => c.name === 'value').map((c) => call.value(c.text) ?? '');
  if (action === 'delete') {
    delete headers[name];
  } else if (action === 'skip') {
    if (headers[name] === undefined && values.length > 0) headers[name] = values.join(',');
  } else if (action === 'append') {
    headers[name] = [headers[name], ...values].filter((v) => v !== undefined && v !== '').join(',');
  } else {
    headers[name] = values.join(',');
  }
}

export const setVariable: PolicyHandler = (node, call) => {
  const name = node.attrs.name;
  if (name) call.variables.set(name, call.value(node.attrs.value) ?? '');
};

export const forwardRequest: PolicyHandler = async (node, call) => {
  const timeoutS = Number(call.value(node.attrs.timeout) ?? '300');
  const buffer = node.attrs['buffer-response'];
  await forwardCall(call, {
    timeoutMs: (Number.isFinite(timeoutS) && timeoutS > 0 ? timeoutS : 300) * 1000,
    bufferResponse: buffer === undefined ? undefined : call.value(buffer)?.toLowerCase() !== 'false',
    bufferRequestBody: call.value(node.attrs['buffer-request-body'])?.toLowerCase() === 'true',
  });
};

export const returnResponse: PolicyHandler = (node, call) => {
  const status = child(node, 'set-status');
  const headers: Record<string, string> = {};
  for (const h of node.children.filter((c) => c.name === 'set-header')) applySetHeader(h, call, headers);
  const body = child(node, 'set-body');
  const code = Number(call.value(status?.attrs.code) ?? '200');
  call.respond(Number.isInteger(code) ? code : 200, call.value(body?.text) ?? '', {
    'content-type': headers['content-type'] ?? 'text/plain',
    ...headers,
  });
};
