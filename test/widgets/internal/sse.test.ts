import { expect } from '@open-wc/testing';
import { sseParser, type SseMessage } from '../../../widgets/internal/sse.ts';

/** Feeds `chunks` one by one and returns what was emitted and the retry asked for. */
function parse(chunks: string[]) {
  const out: SseMessage[] = [];
  let retry = 0;
  const p = sseParser(
    (m) => out.push(m),
    (ms) => (retry = ms),
  );
  for (const c of chunks) p.push(c);
  return { out, retry, lastId: p.lastId };
}

describe('sseParser', () => {
  it('reads id, event and data; skips comments; keeps the id for later events', () => {
    const { out, retry, lastId } = parse([
      'retry: 3000\n\n: heartbeat\n\nid: a-1\nevent: ticket.created\ndata: {"x":1}\n\ndata: plain\n\n',
    ]);
    expect(retry).to.equal(3000);
    expect(out).to.deep.equal([
      { id: 'a-1', event: 'ticket.created', data: '{"x":1}' },
      { id: 'a-1', event: 'message', data: 'plain' },
    ]);
    expect(lastId).to.equal('a-1');
  });

  it('joins data lines, and handles CR, LF and a CRLF split between chunks', () => {
    const { out } = parse(['id: 1\r', '\nevent: m\r\ndata: one\rdata:two\n', '\r', '\n', 'data: three\n\n']);
    expect(out).to.deep.equal([
      { id: '1', event: 'm', data: 'one\ntwo' },
      { id: '1', event: 'message', data: 'three' },
    ]);
  });

  it('waits for the blank line: half an event emits nothing', () => {
    expect(parse(['id: 1\nevent: m\ndata: {"a"', ':1}\n']).out).to.deep.equal([]);
    expect(parse(['id: 1\nevent: m\ndata: {"a"', ':1}\n', '\n']).out).to.deep.equal([
      { id: '1', event: 'm', data: '{"a":1}' },
    ]);
  });
});
