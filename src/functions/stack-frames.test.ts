import { test } from 'node:test';
import assert from 'node:assert/strict';
import { userFrames } from './stack-frames.js';

const worker = 'file:///tmp/eddy-1000/cache/eddy-worker-7f369a0b7c6398c1.mjs';
const bundle = 'file:///tmp/eddy-1000/cache/bundles/3f2a.mjs';
const eddy = [worker, bundle];

test('a synchronous throw: the handler frame stays, the worker calling it and the message port below go', () => {
  const trace = [
    'Error: boom',
    '    at handler (/app/src/throws.ts:7:9)',
    `    at ${worker}:108:18`,
    '    at new Promise (<anonymous>)',
    `    at callHandler (${worker}:98:10)`,
    `    at invoke (${worker}:174:26)`,
    `    at MessagePort.<anonymous> (${worker}:140:40)`,
    '    at [nodejs.internal.kHybridDispatch] (node:internal/event_target:831:20)',
    '    at MessagePort.<anonymous> (node:internal/per_context/messageport:23:28)',
  ];
  assert.deepEqual(userFrames(trace, eddy), ['Error: boom', '    at handler (/app/src/throws.ts:7:9)']);
});

test('after an await: the user chain and Promise.all between user frames stay; Node\'s task queue and the async worker frame go', () => {
  const trace = [
    'SmtpError: SMTP refused',
    '  (code 554)',
    '    at Socket.<anonymous> (/app/src/smtp-client.ts:41:11)',
    '    at async Promise.all (index 0)',
    '    at async send (/app/node_modules/mailer/index.js:12:3)',
    '    at async Runtime.handler (/app/src/welcome.ts:9:5)',
    '    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
    `    at async invoke (${worker}:174:20)`,
  ];
  assert.deepEqual(userFrames(trace, eddy), trace.slice(0, 6));
});

test("the bundle's own helpers (positions with no source) go wherever they are; paths as well as URLs", () => {
  const trace = [
    'Error: init failed',
    '    at /app/src/config.ts:3:9',
    '    at /tmp/eddy-1000/cache/bundles/3f2a.mjs:12:50',
    '    at __require (/tmp/eddy-1000/cache/bundles/3f2a.mjs:5:20)',
    '    at file:///app/src/index.ts:1:1',
    '    at ModuleJob.run (node:internal/modules/esm/module_job:234:25)',
    `    at async loadHandler (${worker}:40:14)`,
  ];
  assert.deepEqual(userFrames(trace, eddy), ['Error: init failed', '    at /app/src/config.ts:3:9', '    at file:///app/src/index.ts:1:1']);
});

test('a trace without a frame of Eddy\'s is left alone (a throw in a timer: Node\'s timer frames are not Eddy\'s)', () => {
  const trace = ['TypeError: thrown in a timer', '    at Timeout._onTimeout (/app/src/x.ts:9:13)', '    at listOnTimeout (node:internal/timers:581:17)'];
  assert.deepEqual(userFrames(trace, eddy), trace);
  assert.deepEqual(userFrames([], eddy), []);
});

test('an error raised by Eddy serialising the result keeps its message and no frame', () => {
  const trace = ['TypeError: Converting circular structure to JSON', '    at JSON.stringify (<anonymous>)', `    at invoke (${worker}:175:22)`];
  assert.deepEqual(userFrames(trace, eddy), ['TypeError: Converting circular structure to JSON']);
});
