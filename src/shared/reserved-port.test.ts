import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { describe, it } from 'node:test';
import { ReservedPort, reservePorts } from './reserved-port.js';

describe('ReservedPort', () => {
  it('holds a connection made before the server takes the port over, then serves it', async () => {
    const port = await ReservedPort.bind(0, '127.0.0.1');
    let served = false;
    const answer = fetch(`${port.url}/early`).then(async (res) => ({ text: await res.text(), served }));
    // The request waits: nothing reads it until the handover.
    await new Promise((resolve) => setImmediate(resolve));
    const server = createServer((req, res) => {
      served = true;
      res.end(`hello ${req.url}`);
    });
    const address = await port.handOver(server);
    assert.equal(address.port, port.address.port);
    assert.deepEqual(await answer, { text: 'hello /early', served: true });
    assert.equal(await (await fetch(`${port.url}/late`)).text(), 'hello /late');
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    // Closing the server frees the port.
    const again = await ReservedPort.bind(port.address.port, '127.0.0.1');
    await again.release();
  });

  it('refuses a busy port with EADDRINUSE, and binds both ports or neither', async () => {
    const taken = await ReservedPort.bind(0, '127.0.0.1');
    await assert.rejects(ReservedPort.bind(taken.address.port, '127.0.0.1'), { code: 'EADDRINUSE' });
    const free = await ReservedPort.bind(0, '127.0.0.1');
    const freePort = free.address.port;
    await free.release();
    await assert.rejects(reservePorts('127.0.0.1', freePort, taken.address.port), { code: 'EADDRINUSE', port: taken.address.port });
    // The first port was released when the second was busy.
    const reserved = await ReservedPort.bind(freePort, '127.0.0.1');
    await reserved.release();
    await taken.release();
  });
});
