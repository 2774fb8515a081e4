import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LogLevel } from '../shared/logger.js';
import { FunctionRuntime } from './function-runtime.js';
import { InvocationPrinter, invocationLine } from './invocation-printer.js';
import { fixturesDir } from './fixtures/runtime-harness.js';

const streamEvent = (records: number) =>
  JSON.stringify({
    lines: 1,
    Records: Array.from({ length: records }, () => ({ eventSource: 'aws:dynamodb', eventSourceARN: 'arn:aws:dynamodb:us-east-1:000000000000:table/users/stream/2026-01-01T00:00:00.000' })),
  });

describe('InvocationPrinter: what the terminal shows of invocations, by level', () => {
  const cacheDir = mkdtempSync(join(tmpdir(), 'eddy-printer-test-'));
  after(() => rmSync(cacheDir, { recursive: true, force: true }));

  /** Runs a successful stream batch (the handler logs three lines) and a throw; returns what was logged, by logger method. */
  async function run(level: LogLevel): Promise<string[]> {
    const logged: string[] = [];
    const runtime = new FunctionRuntime({
      endpoint: () => 'http://127.0.0.1:4566',
      region: 'us-east-1',
      account: '000000000000',
      logger: { info: (m) => logged.push(`info ${m}`), warn: (m) => logged.push(`warn ${m}`), error: (m) => logged.push(`error ${m}`), debug: (m) => logged.push(`debug ${m}`) },
      logLevel: level,
      cacheDir,
    });
    try {
      await runtime.deploy({ name: 'chatty', handler: 'chatty.ts', baseDir: fixturesDir });
      await runtime.deploy({ name: 'throws', handler: 'throws.ts', baseDir: fixturesDir });
      await runtime.invoke('chatty', { payload: streamEvent(3) });
      await runtime.invoke('chatty', { payload: streamEvent(1) });
      await runtime.invoke('throws', { payload: '{}', attempt: 2 });
    } finally {
      await runtime.close();
    }
    return logged;
  }

  test("info: the handler's output, then one line per invocation; a failure on warn with where it was thrown", async () => {
    const logged = await run('info');
    const ms = String.raw`\d+ ms`;
    const expected = [
      /^info \[chatty\] line 0$/,
      /^info \[chatty\] WARN careful$/,
      /^info \[chatty\] ERROR bad \{ code: 7 \}$/,
      new RegExp(`^info \\[chatty\\] ✓ 3 records from users stream · ${ms} · cold start ${ms}$`),
      /^info \[chatty\] line 0$/,
      /^info \[chatty\] WARN careful$/,
      /^info \[chatty\] ERROR bad \{ code: 7 \}$/,
      new RegExp(`^info \\[chatty\\] ✓ 1 record from users stream · ${ms}$`),
      new RegExp(`^warn \\[throws\\] ✗ Error: boom \\(src/functions/fixtures/throws\\.ts:7:9\\) · ${ms} · cold start ${ms} · attempt 2$`),
    ];
    assert.equal(logged.length, expected.length, logged.join('\n'));
    expected.forEach((pattern, i) => assert.match(logged[i]!, pattern));
  });

  test('quiet: nothing while things work, one line per failed invocation', async () => {
    const logged = await run('quiet');
    assert.equal(logged.length, 1, logged.join('\n'));
    assert.match(logged[0]!, /^warn \[throws\] ✗ Error: boom \(src\/functions\/fixtures\/throws\.ts:7:9\) · \d+ ms · cold start \d+ ms · attempt 2$/);
  });

  test("debug: every line of Lambda's log, START to REPORT, as CloudWatch has them", async () => {
    const logged = await run('debug');
    // START, each console line with its level column, END, REPORT: the lines Lambda writes, each prefixed with the function.
    const kinds = logged.map((line) => /^info \[(\w+)\] (?:(START|END|REPORT) |\S+\t\S+\t(\w+)\t)/.exec(line)?.slice(1).filter(Boolean).join(' '));
    const chatty = ['chatty START', 'chatty INFO', 'chatty WARN', 'chatty ERROR', 'chatty END', 'chatty REPORT'];
    assert.deepEqual(kinds, [...chatty, ...chatty, 'throws START', 'throws ERROR', 'throws END', 'throws REPORT'], logged.join('\n'));
    assert.match(logged[1]!, /\tINFO\tline 0$/);
    assert.match(logged.at(-3)!, /\tERROR\tInvoke Error \t\{"errorType":"Error","errorMessage":"boom","stack":\["Error: boom","    at handler \(.*throws\.ts:7:9\)"\]\}$/);
  });
});

test('a batch reporting failed items is shown at quiet, on warn, like a failure; the application port asks for failures only', () => {
  const logged: string[] = [];
  const logger = { info: (m: string) => logged.push(`info ${m}`), warn: (m: string) => logged.push(`warn ${m}`), error() {}, debug() {} };
  const batch = { functionName: 'syncCrm', source: { text: '2 records from users stream', count: 2 } };
  const result = (payload: string) => ({ payload, durationMs: 3, coldStart: false });
  new InvocationPrinter(logger, 'quiet').finished({ ...batch, result: result('{"batchItemFailures":[{"itemIdentifier":"1"}]}') });
  new InvocationPrinter(logger, 'quiet').finished({ ...batch, result: result('{"batchItemFailures":[]}') });
  const info = new InvocationPrinter(logger, 'info');
  info.finished({ functionName: 'createUser', source: { text: 'POST /users' }, result: result('{"statusCode":201}') }, true);
  info.finished({ functionName: 'createUser', source: { text: 'POST /users' }, result: { ...result('{"errorType":"Error","errorMessage":"x"}'), functionError: 'Unhandled' } }, true);
  assert.deepEqual(logged, ['warn [syncCrm] ⚠ 2 records from users stream · 1 of 2 reported failed · 3 ms', 'warn [createUser] ✗ POST /users · Error: x · 3 ms']);
});

describe('invocationLine', () => {
  const base = { functionName: 'sendEmail', result: { payload: 'null', durationMs: 12.4, coldStart: false } };

  test('a success: source, duration; a cold start its init time; an attempt from 2', () => {
    assert.equal(invocationLine(base, '/app'), '[sendEmail] ✓ 12 ms');
    assert.equal(invocationLine({ ...base, source: { text: 'POST /users' } }, '/app'), '[sendEmail] ✓ POST /users · 12 ms');
    assert.equal(invocationLine({ ...base, result: { ...base.result, coldStart: true, initDurationMs: 85.2 }, attempt: 1 }, '/app'), '[sendEmail] ✓ 12 ms · cold start 85 ms');
    assert.equal(invocationLine({ ...base, source: { text: '2 messages from jobs queue', attempt: 3 } }, '/app'), '[sendEmail] ✓ 2 messages from jobs queue · 12 ms · attempt 3');
  });

  test('a batch whose response lists failed items: ⚠ and how many; an empty list is a success', () => {
    const batch = (payload: string) => ({ ...base, result: { ...base.result, payload }, source: { text: '3 records from users stream', count: 3 }, attempt: 2 });
    assert.equal(invocationLine(batch('{"batchItemFailures":[{"itemIdentifier":"7"},{"itemIdentifier":"9"}]}'), '/app'), '[sendEmail] ⚠ 3 records from users stream · 2 of 3 reported failed · 12 ms · attempt 2');
    assert.equal(invocationLine(batch('{"batchItemFailures":[]}'), '/app'), '[sendEmail] ✓ 3 records from users stream · 12 ms · attempt 2');
    assert.equal(invocationLine({ ...batch('{"batchItemFailures":[{}]}'), source: undefined }, '/app'), '[sendEmail] ✓ 12 ms · attempt 2', 'not a batch: the result is only a value');
  });

  test("a failure: the error's type, its message's first line, cut, and the top frame relative to the working directory", () => {
    const failed = (error: object) => ({ ...base, result: { ...base.result, functionError: 'Unhandled' as const, payload: JSON.stringify(error) }, attempt: 2 });
    assert.equal(
      invocationLine(failed({ errorType: 'SmtpError', errorMessage: 'SMTP refused\nmore', trace: ['SmtpError: SMTP refused', '    at send (file:///app/src/smtp.ts:41:11)', '    at handler (/app/src/welcome.ts:9:5)'] }), '/app'),
      '[sendEmail] ✗ SmtpError: SMTP refused (src/smtp.ts:41:11) · 12 ms · attempt 2',
    );
    assert.equal(
      invocationLine(failed({ errorType: 'Error', errorMessage: 'x', trace: ['Error: x', '    at handler (/elsewhere/h.ts:1:2)'] }), '/app'),
      '[sendEmail] ✗ Error: x (/elsewhere/h.ts:1:2) · 12 ms · attempt 2',
    );
    assert.equal(
      invocationLine(failed({ errorType: 'Sandbox.Timedout', errorMessage: 'RequestId: 6c1f Error: Task timed out after 3.00 seconds' }), '/app'),
      '[sendEmail] ✗ Sandbox.Timedout: Task timed out after 3.00 seconds · 12 ms · attempt 2',
    );
    assert.equal(invocationLine(failed({ errorType: 'string', errorMessage: 'y'.repeat(300) }), '/app'), `[sendEmail] ✗ string: ${'y'.repeat(200)}… · 12 ms · attempt 2`);
  });
});
