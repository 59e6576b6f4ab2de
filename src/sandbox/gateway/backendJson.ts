/** A JSON POST from the gateway to a backend of an LLM policy (embeddings, Content Safety), over the gateway's agents. */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { GatewayCall } from './call';

export interface JsonAnswer {
  readonly status: number;
  /** The parsed body, or undefined when it was not JSON. */
  readonly json: unknown;
}

/** The backend's answer, or the Error that kept it from answering (connection refused, reset). */
export function postJson(call: GatewayCall, url: URL, headers: Record<string, string>, body: unknown): Promise<JsonAnswer | Error> {
  const secure = url.protocol === 'https:';
  return new Promise((resolve) => {
    const req = (secure ? httpsRequest : httpRequest)(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        agent: secure ? call.state.httpsAgent : call.state.httpAgent,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          let json: unknown;
          try {
            json = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, json });
        });
        res.on('error', (err) => resolve(err));
      },
    );
    req.on('error', (err) => resolve(err));
    req.end(JSON.stringify(body));
  });
}
