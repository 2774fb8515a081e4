import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Logger } from '../shared/logger.js';
import { ExportTerminalProgress } from './export-terminal-progress.js';
import { noCounts } from './transfer-context.js';

describe('--export-on-exit shows its progress', () => {
  it('on a terminal, a line rewritten in place at most every 250 ms and cleared at the end; elsewhere a log line every 10 s', () => {
    let elapsed = 0;
    const written: string[] = [];
    const logged: string[] = [];
    const logger: Logger = { info: (m) => logged.push(m), warn() {}, error() {}, debug() {} };
    const counts = { ...noCounts(), tables: 1 };
    const tty = new ExportTerminalProgress('f.jsonl', logger, { out: { isTTY: true, write: (t) => written.push(t) }, elapsed: () => elapsed });
    assert.deepEqual(logged, ['eddy: exporting to f.jsonl…']);
    elapsed = 100;
    tty.update(counts);
    assert.deepEqual(written, []);
    elapsed = 300;
    tty.update({ ...counts, items: 7 });
    assert.deepEqual(written, ['\r\x1b[Kexporting to f.jsonl: 1 table, 7 items, 0 queues, 0 messages, 0 buses, 0 rules…']);
    elapsed = 400;
    tty.update(counts);
    assert.equal(written.length, 1, 'not again within 250 ms');
    tty.end();
    assert.deepEqual(written.slice(1), ['\r\x1b[K']);
    assert.equal(logged.length, 1, 'on a terminal nothing more is logged');

    elapsed = 0;
    logged.length = 0;
    const plain = new ExportTerminalProgress('f.jsonl', logger, { out: { isTTY: false, write: () => assert.fail('not a terminal') }, elapsed: () => elapsed });
    elapsed = 9_999;
    plain.update(counts);
    assert.equal(logged.length, 1);
    elapsed = 10_000;
    plain.update({ ...counts, items: 20_000 });
    assert.deepEqual(logged.slice(1), ['eddy: exporting to f.jsonl: 1 table, 20000 items, 0 queues, 0 messages, 0 buses, 0 rules']);
    plain.end();
  });
});
