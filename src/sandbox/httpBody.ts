/** Reading a request body with a size cap, shared by the gateway and the mock model. */
import type { IncomingMessage } from 'node:http';

/** 16 MiB: far above any chat request, low enough that a runaway client cannot exhaust memory. */
const MAX_BODY_BYTES = 16 * 1024 * 1024;

export class BodyTooLargeError extends Error {
  constructor() {
    super(`Request body exceeds ${MAX_BODY_BYTES} bytes.`);
  }
}

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLargeError();
    chunks.push(buf);
  }
  return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
}
