import { SseParser, type SseEvent } from '../../../src/domain/chat/sse';

/** A complete event stream parsed at once (the product parses as chunks arrive; tests often have the whole body). */
export function parseSse(text: string | Uint8Array): SseEvent[] {
  const parser = new SseParser();
  return [...parser.push(text), ...parser.end()];
}
