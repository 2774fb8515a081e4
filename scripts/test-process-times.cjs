// EDDY_TEST_TIMES=<file> npm test: every node process of the run (the runner, each test process, and the node
// children the tests start) appends one line to <file> when it exits: its arguments, when it started, its wall
// time and its CPU. scripts/test-times.mjs ranks them (docs/testing.md, "Where the time goes now").
// Loaded with --require through NODE_OPTIONS by scripts/test.mjs; nothing else of the process is touched.
'use strict';
const { appendFileSync } = require('node:fs');
const { isMainThread } = require('node:worker_threads');

const file = process.env.EDDY_TEST_TIMES;
if (file && isMainThread) {
  process.on('exit', () => {
    const { user, system } = process.cpuUsage();
    const line = {
      pid: process.pid,
      ppid: process.ppid,
      argv: process.argv.slice(1),
      startMs: Math.round(performance.timeOrigin),
      wallMs: Math.round(performance.now()),
      cpuMs: Math.round((user + system) / 1000),
    };
    try {
      appendFileSync(file, `${JSON.stringify(line)}\n`);
    } catch {
      // a process whose working tree is gone (a test's temporary directory) records nothing
    }
  });
}
