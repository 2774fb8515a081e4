import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { probeSmtpCapture, startSmtpCapture } from './smtp-capture.js';

test('probeSmtpCapture tells a capture server (and its outbox) from another server and from nothing', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'smtp-probe-'));
  const smtp = await startSmtpCapture({ port: 0, outboxDir: join(dir, 'outbox') });
  const other = createServer((socket) => socket.resume().end('220 mail.example ESMTP Postfix\r\n'));
  await new Promise<void>((done) => other.listen(0, '127.0.0.1', done));
  try {
    assert.deepEqual(await probeSmtpCapture(smtp.port), { outboxDir: join(dir, 'outbox') });
    assert.equal(await probeSmtpCapture((other.address() as { port: number }).port), 'other');
    const port = (other.address() as { port: number }).port;
    await new Promise<void>((done) => other.close(() => done()));
    assert.equal(await probeSmtpCapture(port), undefined);
  } finally {
    other.close();
    await smtp.stop();
    await rm(dir, { recursive: true, force: true });
  }
});
