import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ExportTerminalProgress } from './export-terminal-progress.js';
import { RecordingTerminal } from './fixtures/recording-terminal.js';
import { noCounts } from './transfer-context.js';

describe('--export-on-exit shows its progress', () => {
  it('on a terminal, a line rewritten in place at most every 250 ms and cleared at the end; elsewhere a log line every 10 s', () => {
    const term = new RecordingTerminal();
    const { written, logged, logger } = term;
    const counts = { ...noCounts(), tables: 1 };
    const tty = new ExportTerminalProgress('f.jsonl', logger, term.terminal);
    assert.deepEqual(logged, ['eddy: exporting to f.jsonl…']);
    term.elapsed = 100;
    tty.update(counts);
    assert.deepEqual(written, []);
    term.elapsed = 300;
    tty.update({ ...counts, items: 7 });
    assert.deepEqual(written, ['\r\x1b[Kexporting to f.jsonl: 1 table, 7 items, 0 queues, 0 messages, 0 buses, 0 rules…']);
    term.elapsed = 400;
    tty.update(counts);
    assert.equal(written.length, 1, 'not again within 250 ms');
    tty.end();
    assert.deepEqual(written.slice(1), ['\r\x1b[K']);
    assert.equal(logged.length, 1, 'on a terminal nothing more is logged');

    term.elapsed = 0;
    logged.length = 0;
    const plain = new ExportTerminalProgress('f.jsonl', logger, term.plain);
    term.elapsed = 9_999;
    plain.update(counts);
    assert.equal(logged.length, 1);
    term.elapsed = 10_000;
    plain.update({ ...counts, items: 20_000 });
    assert.deepEqual(logged.slice(1), ['eddy: exporting to f.jsonl: 1 table, 20000 items, 0 queues, 0 messages, 0 buses, 0 rules']);
    plain.end();
  });
});
