/** One request's journey through the gateway: what policies read and change, from inbound to the response. */
import type { IncomingMessage } from 'node:http';
import type { SandboxContext } from '../context';
import type { ArmResource } from '../store';
import { type ExpressionContext, evaluateCondition, evaluateValue, UnsupportedExpressionError } from './policy/expressions';
import type { NamedValues } from './policy/namedValues';
import type { GatewayState } from './state';

export interface GatewayRequest {
  readonly method: string;
  /** The path after the API path (what the backend URL is appended with), starting with `/` or empty. */
  readonly path: string;
  /** The query the backend receives (the subscription key parameter already removed). */
  readonly query: URLSearchParams;
  /** Lower-cased header names. */
  readonly headers: Record<string, string>;
  readonly body: Buffer;
  readonly clientIp: string;
}

export interface GatewayResponse {
  status: number;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  /** The whole body, when buffered. */
  body?: Buffer;
  /** The live backend body, when streamed through. */
  stream?: IncomingMessage;
}

export interface TokenUsage {
  readonly promptTokens: number;
  readonly completionTokens: number;
  readonly totalTokens: number;
}

/**
 * Called once the response body is known (or has passed through): token accounting, metrics, cache store, LLM logs.
 * `body` is the complete body when the gateway has it (buffered, or a streamed JSON body), undefined for an event
 * stream, whose assistant text is `streamedText`.
 */
export type CompletionListener = (
  usage: TokenUsage | undefined,
  response: GatewayResponse,
  body: Buffer | undefined,
  streamedText?: string,
) => void;

export class GatewayCall {
  readonly variables = new Map<string, unknown>();
  /** Headers inbound policies add to whatever response the client gets (token-limit headers). */
  readonly responseHeaders: Record<string, string> = {};
  readonly unsupported = new Set<string>();
  readonly unsupportedExpressions = new Set<string>();
  readonly completionListeners: CompletionListener[] = [];
  /** Backend calls made so far (a `retry` makes several); what a retried attempt needs to know about the body. */
  forwardAttempts = 0;
  /** Set by set-backend-service. */
  backendId: string | undefined;
  baseUrl: string | undefined;
  /** The response to send; once `final`, the remaining policies are skipped. */
  response: GatewayResponse | undefined;
  final = false;
  /** Set when a cached answer was served, so usage is neither counted nor stored again. */
  servedFromCache = false;

  constructor(
    readonly ctx: SandboxContext,
    readonly state: GatewayState,
    readonly service: ArmResource,
    readonly api: ArmResource,
    readonly operation: ArmResource,
    readonly subscription: ArmResource | undefined,
    readonly productId: string | undefined,
    readonly namedValues: NamedValues,
    readonly request: GatewayRequest,
  ) {}

  /** Ends the pipeline with this response (return-response, 429 of a limit, a cache hit). */
  respond(status: number, body: Buffer | string, headers: Record<string, string> = {}): void {
    this.response = {
      status,
      headers: { 'content-type': 'application/json', ...lowerKeys(headers) },
      body: Buffer.isBuffer(body) ? body : Buffer.from(body),
    };
    this.final = true;
  }

  /** A policy value after `{{named value}}` substitution and expression evaluation; unknowns are reported, not guessed. */
  value(raw: string | undefined): string | undefined {
    if (raw === undefined) return undefined;
    const { value, missing } = this.namedValues.substitute(raw);
    for (const m of missing) this.ctx.log(`gateway: named value '${m}' not found in service ${this.service.name}`);
    try {
      return evaluateValue(value, this.expressionContext());
    } catch (err) {
      if (!(err instanceof UnsupportedExpressionError)) throw err;
      this.unsupportedExpressions.add(err.expression);
      this.ctx.log(`gateway: ${err.message}`);
      return '';
    }
  }

  /** A boolean policy attribute (a `retry` condition); an expression it cannot evaluate is reported and counts as false. */
  condition(raw: string | undefined): boolean {
    if (raw === undefined) return false;
    try {
      return evaluateCondition(this.namedValues.substitute(raw).value, this.expressionContext());
    } catch (err) {
      if (!(err instanceof UnsupportedExpressionError)) throw err;
      this.unsupportedExpressions.add(err.expression);
      this.ctx.log(`gateway: ${err.message}`);
      return false;
    }
  }

  reportUnsupported(policyName: string): void {
    if (!this.unsupported.has(policyName)) {
      this.ctx.log(`gateway: policy <${policyName}> is not implemented by the sandbox; it was skipped`);
    }
    this.unsupported.add(policyName);
  }

  expressionContext(): ExpressionContext {
    const props = (r: ArmResource): Record<string, unknown> => r.properties;
    const str = (v: unknown): string => (typeof v === 'string' ? v : '');
    return {
      subscription: this.subscription
        ? { id: this.subscription.name, name: str(props(this.subscription).displayName) || this.subscription.name }
        : undefined,
      product: this.productId ? { id: this.productId, name: this.productId } : undefined,
      api: { id: this.api.name, name: str(props(this.api).displayName) || this.api.name, path: str(props(this.api).path) },
      operation: {
        id: this.operation.name,
        name: str(props(this.operation).displayName) || this.operation.name,
        method: str(props(this.operation).method),
        urlTemplate: str(props(this.operation).urlTemplate),
      },
      request: {
        ipAddress: this.request.clientIp,
        method: this.request.method,
        path: this.request.path,
        headers: this.request.headers,
        query: this.request.query,
      },
      response: this.response ? { statusCode: this.response.status } : undefined,
      serviceName: this.service.name,
      region: this.service.location ?? '',
      variables: this.variables,
    };
  }
}

export function lowerKeys(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) out[k.toLowerCase()] = v;
  return out;
}
