import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
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
