/** Writing a completion as JSON or as a server-sent event stream. */
import type { ServerResponse } from 'node:http';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { type Completion, completionBody, streamPayloads } from './completion';
import { sendJson } from './errors';

export async function sendCompletion(res: ServerResponse, completion: Completion, stream: boolean, includeUsage: boolean): Promise<void> {
  if (!stream) {
    sendJson(res, 200, completionBody(completion));
    return;
  }
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'x-accel-buffering': 'no' });
  res.flushHeaders();
  for (const payload of streamPayloads(completion, includeUsage)) {
    if (res.destroyed) return;
    res.write(`data: ${payload}\n\n`);
    // Yield to the event loop so each event leaves as its own write instead of one coalesced body.
    await nextTurn();
  }
  res.end();
}
