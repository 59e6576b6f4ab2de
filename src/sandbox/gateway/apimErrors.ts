/** The error bodies APIM's gateway answers with itself: `{ statusCode, message }`. */
import type { ServerResponse } from 'node:http';

export const RESOURCE_NOT_FOUND = 'Resource not found';
export const MISSING_KEY =
  'Access denied due to missing subscription key. Make sure to include subscription key when making requests to an API.';
export const INVALID_KEY = 'Access denied due to invalid subscription key. Make sure to provide a valid key for an active subscription.';

/** A failure inside the pipeline that becomes an APIM-shaped response (after `on-error` ran). */
export class GatewayError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

export function apimErrorBody(status: number, message: string): Buffer {
  return Buffer.from(JSON.stringify({ statusCode: status, message }));
}

export function sendApimError(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  const body = apimErrorBody(status, message);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': body.length, ...headers });
  res.end(body);
}
