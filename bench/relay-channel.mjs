// The channel between a request process and the main process (`--processes N`), measured alone: N calls with a
// PutItem-sized body (about 400 bytes), 32 in flight, each parsed and answered with `{}`, over Node's IPC channel
// (JSON or 'advanced' serialization) or over a socket pair with length-prefixed frames (Eddy's, from dist/).
// Prints calls/s and the CPU µs a call on each side (the answering side from /proc: Linux). See docs/benchmarks.md.
//
// Usage: npm run build && node bench/relay-channel.mjs [--calls 50000] [--channel ipc-json|ipc-advanced|frames]
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Socket } from 'node:net';
import { parseArgs } from 'node:util';

const { values: flags } = parseArgs({ options: { calls: { type: 'string', default: '50000' }, channel: { type: 'string' }, child: { type: 'boolean' } } });
const BODY = JSON.stringify({ TableName: 'bench', Item: { pk: { S: 'item-0-1' }, name: { S: 'Bench User 1' }, bio: { S: 'x'.repeat(300) } } });
const TARGET = 'DynamoDB_20120810.PutItem';
const IN_FLIGHT = 32;
const { FrameReader, FrameWriter } = await import(new URL('../dist/processes/frames.js', import.meta.url).href);
const { answerFrame, callFrame, readAnswer, readCall } = await import(new URL('../dist/processes/relay-wire.js', import.meta.url).href);

if (flags.child) {
  // The main process's side: parses each call's body and answers it.
  if (flags.channel === 'frames') {
    const socket = new Socket({ fd: 4, readable: true, writable: true });
    const writer = new FrameWriter(socket);
    const reader = new FrameReader((payload) => {
      const call = readCall(payload);
      JSON.parse(call.body.text);
      writer.write(answerFrame(call.id, false, '{}'));
    });
    socket.on('data', (chunk) => reader.push(chunk));
  } else {
    process.on('message', (message) => {
      JSON.parse(message.body);
      process.send({ id: message.id, json: '{}' });
    });
  }
  process.on('disconnect', () => process.exit(0));
} else {
  const cpuTicks = (pid) => {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return Number(fields[11]) + Number(fields[12]);
  };
  for (const channel of flags.channel ? [flags.channel] : ['ipc-json', 'ipc-advanced', 'frames']) {
    const child = fork(new URL(import.meta.url).pathname, ['--child', '--channel', channel], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc', 'pipe'],
      serialization: channel === 'ipc-advanced' ? 'advanced' : 'json',
    });
    const waiting = new Map();
    const answered = (id, json) => {
      waiting.get(id)(json);
      waiting.delete(id);
    };
    let send;
    if (channel === 'frames') {
      const socket = child.stdio[4];
      const writer = new FrameWriter(socket);
      const reader = new FrameReader((payload) => {
        const answer = readAnswer(payload);
        answered(answer.id, answer.json);
      });
      socket.on('data', (chunk) => reader.push(chunk));
      send = (id) => writer.write(callFrame(id, 'REQUESTID', TARGET, BODY));
    } else {
      child.on('message', (message) => answered(message.id, message.json));
      send = (id) => child.send({ id, requestId: 'REQUESTID', target: TARGET, body: BODY });
    }
    const call = (id) => new Promise((resolve) => (waiting.set(id, resolve), send(id)));
    await call(0); // the child has loaded
    const calls = Number(flags.calls);
    const started = performance.now();
    const cpu = process.cpuUsage();
    const childBefore = cpuTicks(child.pid);
    let next = 0;
    await Promise.all(Array.from({ length: IN_FLIGHT }, async () => {
      while (next < calls) await call(++next);
    }));
    const ms = performance.now() - started;
    const own = process.cpuUsage(cpu);
    const childTicks = cpuTicks(child.pid) - childBefore;
    console.log(`${channel}: ${Math.round((calls / ms) * 1000)} calls/s; CPU a call: calling side ${((own.user + own.system) / calls).toFixed(1)} µs, answering side ${((childTicks * 10_000) / calls).toFixed(1)} µs`);
    child.kill();
  }
}
