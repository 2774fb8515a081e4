import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProgressTask } from '../../../src/progress/progress-model.js';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { eventually } from '../../helpers/eventually.js';
import { runEddyCli } from '../../helpers/cli.js';

const HEADER = '{"eddy":"export","version":1,"exportedAt":"2026-12-07T00:00:00.000Z","region":"us-east-1","account":"000000000000"}';
const TABLE = '{"type":"table","name":"big","create":{"TableName":"big","AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"}],"KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],"BillingMode":"PAY_PER_REQUEST"}}';
const COUNT = 10_000; // ~10 MB of lines: far past what the feed lets a reader fall behind by, and the sockets' buffers

describe('GET /_eddy/progress lists an export being read', () => {
  const dir = mkdtempSync(join(tmpdir(), 'eddy-export-progress-'));
  let eddy: TestEddy;
  before(async () => {
    const file = join(dir, 'big.jsonl');
    const pad = 'x'.repeat(1000);
    const items = Array.from({ length: COUNT }, (_, i) => `{"type":"item","table":"big","item":{"pk":{"S":"k${i}"},"pad":{"S":"${pad}"}}}`);
    writeFileSync(file, [HEADER, TABLE, ...items].join('\n') + '\n');
    eddy = await startTestEddy({ import: file });
  });
  after(async () => {
    await eddy?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const exports = async (): Promise<ProgressTask[]> => {
    const response = await fetch(`${eddy.endpoint}/_eddy/progress`);
    assert.equal(response.status, 200);
    return ((await response.json()) as { tasks: ProgressTask[] }).tasks.filter((task) => task.kind === 'export');
  };

  it('readers that stop reading: export tasks named by their file, with the lines sent so far, gone when the readers go away', async () => {
    assert.deepEqual(await exports(), []);
    const reader = new AbortController();
    // One names its file (as `eddy export FILE` does), one does not.
    for (const path of ['/_eddy/export?file=held%20back.jsonl', '/_eddy/export']) {
      const response = await fetch(`${eddy.endpoint}${path}`, { signal: reader.signal });
      assert.equal(response.status, 200);
      await response.body!.getReader().read(); // the first lines, then nothing more: the feed is held back
    }
    try {
      const tasks = await eventually('two export tasks with lines sent', exports, { accept: (tasks) => tasks.length === 2 && tasks.every((t) => t.done > 0) });
      assert.deepEqual(tasks.map((t) => t.resource).sort(), ['to a reader of GET /_eddy/export', 'to held back.jsonl']);
      for (const task of tasks) {
        assert.equal(task.state, 'running');
        assert.equal(task.unit, 'lines');
        assert.equal(typeof task.started, 'number');
      }
      // Held back by the reader: not every line was sent.
      const later = await eventually('the exports to stop moving', exports, { accept: (tasks) => tasks.length === 2, intervalMs: 600 });
      assert.ok(later.every((t) => t.done < COUNT + 2), later.map((t) => `${t.done} lines`).join(', '));
    } finally {
      reader.abort();
    }
    await eventually('the export tasks to go', exports, { accept: (tasks) => tasks.length === 0 });
  });

  it('`eddy export FILE` names its export by FILE', async () => {
    const file = join(dir, 'named.jsonl');
    const cli = runEddyCli(['export', file, '--endpoint', eddy.endpoint]);
    try {
      // Listed from its first line until its end (10,000 lines of 1 kB): looked for often meanwhile.
      const [task] = await eventually('the export task', exports, { accept: (tasks) => tasks.length === 1, intervalMs: 5 });
      assert.equal(task!.resource, `to ${file}`);
    } finally {
      cli.child.kill(); // not read to its end: that is the third test's
    }
    await eventually('the export task to go', exports, { accept: (tasks) => tasks.length === 0 });
  });

  it('an export read to its end leaves no task', async () => {
    const response = await fetch(`${eddy.endpoint}/_eddy/export`);
    const text = await response.text();
    assert.match(text, /event: end/);
    assert.deepEqual(await exports(), []);
  });
});
