/**
 * Writing the gateway's response: buffered bodies in one go, streamed bodies chunk by chunk as they arrive (each
 * chunk is written as soon as it is read, never collected), with the SSE watched for token usage on the way.
 */
import { once } from 'node:events';
import type { ServerResponse } from 'node:http';
import type { GatewayCall, GatewayResponse, TokenUsage } from './call';
import { HOP_BY_HOP } from './forward';
import { estimatePromptTokens } from './prompt';
import { usageTapFor } from './usage';

export const UNSUPPORTED_POLICY_HEADER = 'x-sandbox-unsupported-policy';
export const UNSUPPORTED_EXPRESSION_HEADER = 'x-sandbox-unsupported-expression';

export function notifyCompletion(
  call: GatewayCall,
  usage: TokenUsage | undefined,
  response: GatewayResponse,
  body: Buffer | undefined,
  streamedText?: string,
): void {
  for (const listener of call.completionListeners) {
    try {
      listener(usage, response, body, streamedText);
    } catch (err) {
      call.ctx.log(`gateway: completion listener failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}

export async function writeResponse(res: ServerResponse, call: GatewayCall, response: GatewayResponse): Promise<void> {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(response.headers)) if (!HOP_BY_HOP.has(k)) headers[k] = v;
  Object.assign(headers, call.responseHeaders);
  if (call.unsupported.size > 0) headers[UNSUPPORTED_POLICY_HEADER] = [...call.unsupported].join(',');
  if (call.unsupportedExpressions.size > 0) {
    headers[UNSUPPORTED_EXPRESSION_HEADER] = [...call.unsupportedExpressions].map(encodeURIComponent).join(',');
  }

  if (!response.stream) {
    const body = response.body ?? Buffer.alloc(0);
    res.writeHead(response.status, { ...headers, 'content-length': String(body.length) });
    res.end(body);
    return;
  }
  res.writeHead(response.status, headers);
  res.flushHeaders();
  const tap = usageTapFor(headers['content-type']);
  const upstream = response.stream;
  const abort = (): void => {
    upstream.destroy();
  };
  res.once('close', abort);
  try {
    for await (const chunk of upstream) {
      tap?.push(chunk as Buffer);
      if (!res.write(chunk)) await once(res, 'drain');
    }
    res.end();
  } catch (err) {
    call.ctx.log(`gateway: streaming from backend broke off: ${err instanceof Error ? err.message : String(err)}`);
    res.destroy();
  } finally {
    res.off('close', abort);
  }
  notifyCompletion(call, tap?.result(estimatePromptTokens(call)), response, tap?.body(), tap?.text());
}
