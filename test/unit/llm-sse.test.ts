import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SseParser, type SseEvent } from '../../src/domain/chat/sse';
import { parseSse } from './helpers/sse';

const encoder = new TextEncoder();

/** Feeds `bytes` cut at `cuts` (sorted offsets) and collects every event. */
function parseInChunks(bytes: Uint8Array, cuts: number[]): SseEvent[] {
  const parser = new SseParser();
  const events: SseEvent[] = [];
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    events.push(...parser.push(bytes.subarray(from, cut)));
    from = cut;
  }
  events.push(...parser.end());
  return events;
}

void test('OpenAI-style stream: data lines, [DONE], blank-line separators', () => {
  const stream = 'data: {"a":1}\n\ndata: {"b":2}\n\ndata: [DONE]\n\n';
  assert.deepEqual(parseSse(stream), [
    { event: 'message', data: '{"a":1}' },
    { event: 'message', data: '{"b":2}' },
    { event: 'message', data: '[DONE]' },
  ]);
});

void test('comments, event names, ids, multi-line data, fields without a colon, unknown fields', () => {
  const stream = ': keep-alive\r\nevent: delta\r\nid: 7\r\ndata: line 1\r\ndata:line 2\r\ndata\r\nfoo: bar\r\n\r\n';
  assert.deepEqual(parseSse(stream), [{ event: 'delta', data: 'line 1\nline 2\n', id: '7' }]);
});

void test('a blank line with no data dispatches nothing and resets the event name', () => {
  assert.deepEqual(parseSse('event: x\n\ndata: y\n\n'), [{ event: 'message', data: 'y' }]);
});

void test('CR alone ends a line, and CR then LF split across chunks is one line ending', () => {
  const parser = new SseParser();
  assert.deepEqual(parser.push('data: a\r'), []);
  // The LF here completes "\r\n"; only the next CR makes the blank line that dispatches.
  assert.deepEqual(parser.push('\n'), []);
  assert.deepEqual(parser.push('\r'), [{ event: 'message', data: 'a' }]);
  assert.deepEqual(parser.push('\ndata: b\n\n'), [{ event: 'message', data: 'b' }]);
});

void test('a UTF-8 sequence split between chunks decodes intact', () => {
  const bytes = encoder.encode('data: héllo 👋\n\n');
  const emoji = bytes.indexOf(0xf0);
  assert.deepEqual(parseInChunks(bytes, [emoji + 1, emoji + 3]), [{ event: 'message', data: 'héllo 👋' }]);
});

void test('a leading byte order mark is ignored; an unterminated last event is discarded', () => {
  assert.deepEqual(parseSse(encoder.encode('\uFEFFdata: x\n\ndata: cut')), [{ event: 'message', data: 'x' }]);
});

// One generated event and the ways it may be written on the wire.
const lineText = fc.string({ unit: 'grapheme', maxLength: 12 }).filter((s) => !/[\r\n]/.test(s));
const eventArb = fc.record({
  event: fc.option(
    lineText.filter((s) => s.length > 0),
    { nil: undefined },
  ),
  id: fc.option(
    lineText.filter((s) => !s.includes('\u0000')),
    { nil: undefined },
  ),
  data: fc.array(lineText, { minLength: 1, maxLength: 4 }),
  comment: fc.option(lineText, { nil: undefined }),
  eol: fc.constantFrom('\n', '\r\n', '\r'),
  tightColon: fc.boolean(),
});
type GenEvent = typeof eventArb extends fc.Arbitrary<infer T> ? T : never;

function serialise(events: GenEvent[]): string {
  return events
    .map((e) => {
      // Without the optional space the value must not itself start with one, or the parser would (rightly) strip it.
      const field = (name: string, value: string): string => `${name}:${e.tightColon && !value.startsWith(' ') ? '' : ' '}${value}${e.eol}`;
      return [
        e.comment !== undefined ? `:${e.comment}${e.eol}` : '',
        e.event !== undefined ? field('event', e.event) : '',
        e.id !== undefined ? field('id', e.id) : '',
        ...e.data.map((d) => field('data', d)),
        e.eol,
      ].join('');
    })
    .join('');
}

function expected(events: GenEvent[]): SseEvent[] {
  let lastId: string | undefined;
  return events.map((e) => {
    if (e.id !== undefined) lastId = e.id;
    return { event: e.event ?? 'message', data: e.data.join('\n'), ...(lastId !== undefined ? { id: lastId } : {}) };
  });
}

void test('property: any chunking of any event stream yields the same events', () => {
  fc.assert(
    fc.property(fc.array(eventArb, { maxLength: 8 }), fc.array(fc.nat(), { maxLength: 20 }), (events, rawCuts) => {
      const bytes = encoder.encode(serialise(events));
      const cuts = [...new Set(rawCuts.map((c) => (bytes.length === 0 ? 0 : c % (bytes.length + 1))))].sort((a, b) => a - b);
      assert.deepEqual(parseInChunks(bytes, cuts), expected(events));
    }),
    { numRuns: 500 },
  );
});

void test('property: one byte at a time equals all at once', () => {
  fc.assert(
    fc.property(fc.array(eventArb, { maxLength: 5 }), (events) => {
      const bytes = encoder.encode(serialise(events));
      const everyByte = Array.from({ length: Math.max(0, bytes.length - 1) }, (_, i) => i + 1);
      assert.deepEqual(parseInChunks(bytes, everyByte), parseSse(bytes));
    }),
    { numRuns: 200 },
  );
});
