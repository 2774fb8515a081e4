import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { connect, type Socket } from 'node:net';
import type { Logger } from '../shared/logger.js';
import { AppServer } from './app-server.js';

const quiet: Logger = { info: () => {}, warn: () => {}, error: () => {}, debug: () => {} };

/** A raw connection: everything the server sent on it, and its close. */
interface Exchange {
  readonly received: () => string;
  readonly closed: Promise<void>;
  readonly socket: Socket;
}

function exchange(port: number, first: string): Exchange {
  const socket = connect(port, '127.0.0.1');
  socket.write(first); // queued until connected, ahead of anything written later
  let received = '';
  socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
  const closed = new Promise<void>((resolve, reject) => {
    socket.on('error', reject);
    socket.on('close', () => resolve());
  });
  return { received: () => received, closed, socket };
}

/** Resolves once the connection has carried `count` whole answers (head and content-length body). */
function answers(ex: Exchange, count: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      let rest = ex.received();
      for (let i = 0; i < count; i++) {
        const end = rest.indexOf('\r\n\r\n');
        if (end < 0) return;
        const length = Number(/content-length: (\d+)/i.exec(rest.slice(0, end))?.[1] ?? 0);
        if (rest.length < end + 4 + length) return;
        rest = rest.slice(end + 4 + length);
      }
      ex.socket.off('data', check);
      resolve();
    };
    ex.socket.on('data', check);
    ex.closed.then(() => reject(new Error(`closed after: ${JSON.stringify(ex.received())}`)), reject);
    check();
  });
}

describe('AppServer: requests it gives up on, and idle connections', () => {
  let server: AppServer;
  let port: number;

  before(async () => {
    server = new AppServer({
      routes: [],
      runtime: { invoke: () => Promise.reject(new Error('no function is routed here')) },
      accountId: '000000000000',
      logger: quiet,
      requestTimeoutMs: 300,
      keepAlive: { announcedMs: 1_000, idleMs: 3_000 },
    });
    port = (await server.listen(0, '127.0.0.1')).port;
  });
  after(() => server.close());

  it('a body that trickles in past the request timeout gets a 408 in API Gateway\'s shape, then the connection is closed', async () => {
    const ex = exchange(port, 'POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{');
    // The client sets the pace: a byte each 20 ms, never the whole body, until the server gives up.
    const trickle = setInterval(() => ex.socket.writable && ex.socket.write(' '), 20);
    await ex.closed.finally(() => clearInterval(trickle));
    const [head, body] = ex.received().split('\r\n\r\n');
    assert.match(head!, /^HTTP\/1\.1 408 Request Timeout\r\n/);
    assert.match(head!, /\r\nConnection: close(\r\n|$)/);
    assert.match(head!, /\r\nContent-Type: application\/json(\r\n|$)/);
    assert.deepEqual(JSON.parse(body!), { message: 'Request Timeout' });
  });

  it('headers that never end get the same 408', async () => {
    const ex = exchange(port, 'GET /items/1 HTTP/1.1\r\nHost: x\r\n');
    const trickle = setInterval(() => ex.socket.writable && ex.socket.write('X-Slow: 1\r\n'), 20);
    await ex.closed.finally(() => clearInterval(trickle));
    assert.match(ex.received(), /^HTTP\/1\.1 408 Request Timeout\r\n[^]*\r\n\r\n\{"message":"Request Timeout"\}$/);
  });

  it('malformed HTTP gets a 400 in the same shape', async () => {
    const ex = exchange(port, 'NOT HTTP AT ALL\r\n\r\n');
    await ex.closed;
    assert.match(ex.received(), /^HTTP\/1\.1 400 Bad Request\r\n[^]*\r\n\r\n\{"message":"Bad Request"\}$/);
    assert.match(ex.received(), /\r\nConnection: close\r\n/);
  });

  it('an answer sent before the body arrived (413) closes the connection, so no next request can meet the request timeout meant for this one', async () => {
    const ex = exchange(port, `POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: ${11 * 1024 * 1024}\r\n\r\n{"a":`);
    await answers(ex, 1);
    assert.match(ex.received(), /^HTTP\/1\.1 413 /);
    assert.match(ex.received(), /\r\nconnection: close\r\n/i);
    assert.doesNotMatch(ex.received(), /keep-alive/i);
    await ex.closed;
  });

  it('announces a keep-alive timeout it does not close idle connections at: a client that honours it never reuses a socket the server closed', async () => {
    const get = 'GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n';
    const ex = exchange(port, get);
    await answers(ex, 1);
    assert.match(ex.received(), /\r\nKeep-Alive: timeout=1\r\n/i);
    assert.match(ex.received(), /\r\nConnection: keep-alive\r\n/i);
    // Past the announced second and the one node:http would add to it, the connection still carries a request.
    await new Promise((resolve) => setTimeout(resolve, 2_200));
    ex.socket.write(get);
    await answers(ex, 2);
    assert.equal(ex.received().match(/HTTP\/1\.1 404 /g)?.length, 2);
    ex.socket.end();
    await ex.closed;
  });
});
