import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

test('after keepServingAfterBugs, a throw in a timer and a rejected promise are logged and the process carries on', async () => {
  const module = fileURLToPath(new URL('./keep-serving.ts', import.meta.url));
  const program = `
    import { keepServingAfterBugs } from ${JSON.stringify(module)};
    import { createServer } from 'node:http';
    keepServingAfterBugs();
    const server = createServer((req, res) => res.end('still serving')).listen(0, '127.0.0.1', () => {
      setTimeout(() => { throw new Error('boom in a timer'); }, 1);
      setTimeout(() => void Promise.reject(new Error('boom in a promise')), 2);
      setTimeout(async () => {
        const res = await fetch('http://127.0.0.1:' + server.address().port + '/');
        console.log(await res.text());
        server.close();
      }, 50);
    });`;
  const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', program]);
  assert.equal(stdout.trim(), 'still serving');
  assert.match(stderr, /eddy: uncaught exception \(a bug in Eddy; it keeps serving\): Error: boom in a timer/);
  assert.match(stderr, /eddy: unhandled promise rejection \(a bug in Eddy; it keeps serving\): Error: boom in a promise/);
});

test('with stdout and stderr closed by their reader, Eddy serves on, and a bug reported to the closed stderr is reported once', async () => {
  const module = fileURLToPath(new URL('./keep-serving.ts', import.meta.url));
  // Counts what reaches the uncaught-exception handlers: a failed write reported as a bug, and its report
  // failing again, would count on and on.
  const program = `
    import { keepServingAfterBugs } from ${JSON.stringify(module)};
    import { createServer } from 'node:http';
    keepServingAfterBugs();
    let uncaught = 0;
    process.on('uncaughtException', () => uncaught++);
    const server = createServer((req, res) => {
      if (req.url === '/throw') {
        console.log('printed to a closed stdout');
        setTimeout(() => { throw new Error('boom with nobody reading'); }, 1);
      }
      res.end(String(uncaught));
    }).listen(0, '127.0.0.1', () => process.send(server.address().port));`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', program], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  try {
    const port = await new Promise<number>((resolve) => child.once('message', (message) => resolve(Number(message))));
    child.stdout!.destroy();
    child.stderr!.destroy();
    const get = async (path: string) => Number(await (await fetch(`http://127.0.0.1:${port}${path}`)).text());
    await get('/throw');
    let count = await get('/');
    while (count === 0) count = await get('/');
    assert.equal(count, 1, 'the thrown error, once');
    assert.equal(await get('/'), 1, 'and nothing since');
  } finally {
    child.kill();
  }
});
