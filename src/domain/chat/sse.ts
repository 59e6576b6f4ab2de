/**
 * Server-sent events parser following the WHATWG event-stream rules, fed with network chunks of any size: a chunk may
 * end inside a UTF-8 sequence, inside a field, or between the CR and LF of one line ending, and the events come out
 * the same as if the whole stream had arrived at once.
 */

export interface SseEvent {
  /** The `event:` field; 'message' when the stream named none. */
  readonly event: string;
  /** The `data:` lines joined with '\n'. */
  readonly data: string;
  /** The last `id:` seen so far in the stream (the spec's "last event ID"), when any. */
  readonly id?: string;
}

export class SseParser {
  private readonly decoder = new TextDecoder('utf-8');
  private buffer = '';
  /** A chunk ended on CR: if the next chunk starts with LF, that LF belongs to the same line ending. */
  private pendingCr = false;
  private sawFirstText = false;
  private data: string[] = [];
  private eventType = '';
  private lastEventId: string | undefined;

  /** Feeds one network chunk and returns the events completed by it. */
  push(chunk: Uint8Array | string): SseEvent[] {
    let text = typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true });
    if (!this.sawFirstText && text.length > 0) {
      this.sawFirstText = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    if (text.length === 0) return [];
    if (this.pendingCr && text.startsWith('\n')) text = text.slice(1);
    this.pendingCr = false;
    this.buffer += text;
    return this.drainLines();
  }

  /**
   * Ends the stream. Per the spec an event not closed by a blank line is discarded; only bytes still held by the
   * decoder are flushed so that a final line ending is honoured.
   */
  end(): SseEvent[] {
    const rest = this.decoder.decode();
    const events = rest ? this.push(rest) : [];
    this.buffer = '';
    this.data = [];
    this.eventType = '';
    return events;
  }

  private drainLines(): SseEvent[] {
    const events: SseEvent[] = [];
    let start = 0;
    for (;;) {
      const lf = this.buffer.indexOf('\n', start);
      const cr = this.buffer.indexOf('\r', start);
      if (lf < 0 && cr < 0) break;
      let lineEnd: number;
      let next: number;
      if (cr >= 0 && (lf < 0 || cr < lf)) {
        lineEnd = cr;
        if (cr + 1 < this.buffer.length) {
          next = this.buffer[cr + 1] === '\n' ? cr + 2 : cr + 1;
        } else {
          // CR is the last character we have: the line is complete, but a following LF must not start another line.
          next = cr + 1;
          this.pendingCr = true;
        }
      } else {
        lineEnd = lf;
        next = lf + 1;
      }
      const event = this.processLine(this.buffer.slice(start, lineEnd));
      if (event) events.push(event);
      start = next;
    }
    this.buffer = this.buffer.slice(start);
    return events;
  }

  private processLine(line: string): SseEvent | undefined {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'data':
        this.data.push(value);
        break;
      case 'event':
        this.eventType = value;
        break;
      case 'id':
        if (!value.includes('\u0000')) this.lastEventId = value;
        break;
      default:
        // Unknown fields are ignored as the spec requires; `retry` too, since a console request never reconnects.
        break;
    }
    return undefined;
  }

  private dispatch(): SseEvent | undefined {
    const data = this.data;
    const eventType = this.eventType;
    this.data = [];
    this.eventType = '';
    if (data.length === 0) return undefined;
    return {
      event: eventType || 'message',
      data: data.join('\n'),
      ...(this.lastEventId !== undefined ? { id: this.lastEventId } : {}),
    };
  }
}
