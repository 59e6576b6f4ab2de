/**
 * Injected faults (test hooks): a rule matches a method and a path regex and applies a given number of times —
 * a delay, a dropped connection, a canned status with body and headers (e.g. 429 + Retry-After), or a slow body —
 * before the request reaches ARM, the gateway or the mock model.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';

export interface FaultSpec {
  readonly method?: string;
  /** A regular expression tested against the request path (without the query). */
  readonly path: string;
  /** How many matching requests the fault applies to. */
  readonly times: number;
  readonly status?: number;
  /** Response body: a string is sent as is, anything else as JSON. */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** Seconds, sent as `Retry-After`. */
  readonly retryAfter?: number;
  /** Wait this long before answering (or before passing the request on when there is no status). */
  readonly delayMs?: number;
  /** Destroy the connection without an answer. */
  readonly drop?: boolean;
  /** Send the response's first half, wait this long, then the rest. */
  readonly slowBodyMs?: number;
}

interface ActiveFault extends FaultSpec {
  readonly id: string;
  readonly regex: RegExp;
  remaining: number;
}

export class FaultInjector {
  private faults: ActiveFault[] = [];
  applied = 0;

  /** Validates and registers a fault; returns its id, or an error message. */
  add(input: unknown): { id: string } | { error: string } {
    if (typeof input !== 'object' || input === null) return { error: 'The body must be a JSON object.' };
    const f = input as Record<string, unknown>;
    if (typeof f.path !== 'string' || f.path === '') return { error: "'path' (a regular expression) is required." };
    let regex: RegExp;
    try {
      regex = new RegExp(f.path, 'i');
    } catch (e) {
      return { error: `'path' is not a valid regular expression: ${(e as Error).message}` };
    }
    const times = f.times ?? 1;
    if (!Number.isInteger(times) || (times as number) < 1) return { error: "'times' must be a positive integer." };
    if (f.status !== undefined && (!Number.isInteger(f.status) || (f.status as number) < 100 || (f.status as number) > 599)) {
      return { error: "'status' must be an HTTP status code." };
    }
    for (const k of ['retryAfter', 'delayMs', 'slowBodyMs']) {
      if (f[k] !== undefined && (typeof f[k] !== 'number' || f[k] < 0)) return { error: `'${k}' must be a non-negative number.` };
    }
    if (
      f.headers !== undefined &&
      (typeof f.headers !== 'object' || f.headers === null || Object.values(f.headers).some((v) => typeof v !== 'string'))
    ) {
      return { error: "'headers' must map names to string values." };
    }
    if (f.method !== undefined && typeof f.method !== 'string') return { error: "'method' must be a string." };
    const fault: ActiveFault = { ...(f as unknown as FaultSpec), id: randomUUID(), regex, remaining: times as number };
    this.faults.push(fault);
    return { id: fault.id };
  }

  list(): Array<FaultSpec & { id: string; remaining: number }> {
    return this.faults.map(({ regex: _r, ...f }) => ({ ...f }));
  }

  clear(): void {
    this.faults = [];
  }

  /** Ends one fault before its uses run out; false when no fault has that id (it ran out, or never was). */
  remove(id: string): boolean {
    const before = this.faults.length;
    this.faults = this.faults.filter((f) => f.id !== id);
    return this.faults.length < before;
  }

  /** Takes one use of the first fault matching the request, if any. */
  take(method: string, path: string): FaultSpec | undefined {
    const f = this.faults.find((x) => (!x.method || x.method.toUpperCase() === method.toUpperCase()) && x.regex.test(path));
    if (!f) return undefined;
    f.remaining--;
    if (f.remaining <= 0) this.faults = this.faults.filter((x) => x !== f);
    this.applied++;
    return f;
  }

  /**
   * Applies a fault. Returns true when the fault answered (or dropped) the request, false when the request should
   * go on to its handler (a pure delay, or a slow body applied to the handler's own response).
   */
  async apply(fault: FaultSpec, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    if (fault.delayMs) await delay(fault.delayMs);
    if (fault.drop) {
      req.socket.destroy();
      return true;
    }
    if (fault.status === undefined) {
      if (fault.slowBodyMs) slowDown(res, fault.slowBodyMs);
      return false;
    }
    const body = fault.body === undefined ? '' : typeof fault.body === 'string' ? fault.body : JSON.stringify(fault.body);
    const headers: Record<string, string> = {
      ...(typeof fault.body === 'object' ? { 'Content-Type': 'application/json; charset=utf-8' } : {}),
      ...fault.headers,
    };
    if (fault.retryAfter !== undefined) headers['Retry-After'] = String(fault.retryAfter);
    res.writeHead(fault.status, { ...headers, 'Content-Length': Buffer.byteLength(body) });
    if (fault.slowBodyMs && body.length > 1) {
      const buf = Buffer.from(body);
      res.write(buf.subarray(0, buf.length >> 1));
      await delay(fault.slowBodyMs);
      res.end(buf.subarray(buf.length >> 1));
    } else {
      res.end(body);
    }
    return true;
  }
}

/** Holds back the second half of whatever the handler ends the response with. */
function slowDown(res: ServerResponse, ms: number): void {
  const end = res.end.bind(res) as (chunk?: unknown, cb?: () => void) => ServerResponse;
  const slowEnd = (chunk?: unknown): ServerResponse => {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.isBuffer(chunk) ? chunk : undefined;
    if (buf && buf.length > 1) res.write(buf.subarray(0, buf.length >> 1));
    setTimeout(() => end(buf && buf.length > 1 ? buf.subarray(buf.length >> 1) : buf), ms);
    return res;
  };
  res.end = slowEnd as ServerResponse['end'];
}
