import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImportProgress } from '../../../src/export/import-progress.js';
import { RecordingTerminal } from '../../../src/export/fixtures/recording-terminal.js';
import { noCounts } from '../../../src/export/index.js';
import { runEddyCli } from '../../helpers/cli.js';

const HEADER = '{"eddy":"export","version":1,"exportedAt":"2026-12-07T00:00:00.000Z","region":"us-east-1","account":"000000000000"}';
const TABLE = '{"type":"table","name":"things","create":{"TableName":"things","AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"}],"KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],"BillingMode":"PAY_PER_REQUEST"}}';

describe('eddy start --import shows its progress', () => {
  const dir = mkdtempSync(join(tmpdir(), 'eddy-import-progress-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('the real CLI: a line as it begins (the file size), then the summary, before it serves', async () => {
    const file = join(dir, 'state.jsonl');
    const items = Array.from({ length: 2000 }, (_, i) => `{"type":"item","table":"things","item":{"pk":{"S":"k${i}"}}}`);
    writeFileSync(file, [HEADER, TABLE, ...items].join('\n') + '\n');
    const cli = runEddyCli(['start', '--memory', '--port', '0', '--http-port', '0', '--import', file]);
    try {
      await cli.waitFor(/ready on/, 60_000);
      const out = cli.stdout();
      const begins = out.indexOf(`eddy: importing ${file} (0.1 MB)…`);
      const summary = out.indexOf(`eddy: imported ${file}: 1 table, 2000 items`);
      assert.ok(begins !== -1 && summary > begins, out);
      assert.ok(summary < out.indexOf('ready on'), out);
    } finally {
      cli.child.kill('SIGTERM');
      await cli.exited;
    }
  });

  it('on a terminal, a line rewritten in place at most every 250 ms and cleared at the end; elsewhere a log line every 10 s', () => {
    const term = new RecordingTerminal();
    const { written, logged, logger } = term;
    const counts = { ...noCounts(), tables: 1 };
    const tty = new ImportProgress('f.jsonl', 4 * 1024 * 1024, logger, term.terminal);
    assert.deepEqual(logged, ['eddy: importing f.jsonl (4.0 MB)…']);
    term.elapsed = 100;
    tty.update(1024 * 1024, counts);
    assert.deepEqual(written, []);
    term.elapsed = 300;
    tty.update(1024 * 1024, { ...counts, items: 7 });
    assert.equal(written.length, 1);
    assert.match(written[0]!, /^\r\x1b\[Kimporting f\.jsonl: 25% of 4\.0 MB, 1 table, 7 items, /);
    tty.end();
    assert.deepEqual(written.slice(1), ['\r\x1b[K']);
    assert.equal(logged.length, 1, 'on a terminal nothing more is logged');

    term.elapsed = 0;
    logged.length = 0;
    const plain = new ImportProgress('f.jsonl', 4 * 1024 * 1024, logger, term.plain);
    term.elapsed = 9_999;
    plain.update(2 * 1024 * 1024, counts);
    assert.equal(logged.length, 1);
    term.elapsed = 10_000;
    plain.update(2 * 1024 * 1024, counts);
    assert.equal(logged.length, 2);
    assert.match(logged[1]!, /^eddy: importing f\.jsonl: 50% of 4\.0 MB, 1 table, 0 items, /);
    plain.end();
  });
});
