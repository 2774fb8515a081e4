import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateArchiveCommand, CreateEventBusCommand, DescribeArchiveCommand, type DescribeArchiveCommandOutput } from '@aws-sdk/client-eventbridge';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { runEddyCli } from '../../helpers/cli.js';

/** What DescribeArchive says that an import must give back (not its time or its events). */
const settings = (a: DescribeArchiveCommandOutput) => [a.ArchiveName, a.ArchiveArn, a.EventSourceArn, a.Description, a.EventPattern, a.RetentionDays, a.State];

describe('an export carries bus archives (their definitions)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'eddy-export-archives-'));
  const file = join(dir, 'state.jsonl');
  let source: TestEddy;
  let copy: TestEddy;

  before(async () => {
    source = await startTestEddy();
    const { EventBusArn } = await source.events.send(new CreateEventBusCommand({ Name: 'shop' }));
    await source.events.send(new CreateArchiveCommand({ ArchiveName: 'orders', EventSourceArn: EventBusArn!, Description: 'every order', EventPattern: JSON.stringify({ source: ['shop'] }), RetentionDays: 7 }));
    await source.events.send(new CreateArchiveCommand({ ArchiveName: 'all', EventSourceArn: 'arn:aws:events:us-east-1:000000000000:event-bus/default' }));
    const cli = runEddyCli(['export', file, '--endpoint', source.endpoint]);
    assert.equal((await cli.exited).code, 0, cli.stderr());
    assert.match(cli.stderr(), /, 2 archives[, ]/);
    copy = await startTestEddy({ import: file });
  });
  after(async () => {
    await source?.stop();
    await copy?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes each archive after the buses, and not the rule it manages', () => {
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n').map((text) => JSON.parse(text));
    const types = lines.map((l) => l.type);
    assert.ok(types.lastIndexOf('bus') < types.indexOf('archive'), types.join(' '));
    assert.deepEqual(lines.filter((l) => l.type === 'rule'), []);
  });

  it('re-creates them with their bus, pattern, description and retention', async () => {
    for (const ArchiveName of ['orders', 'all']) {
      const [was, now] = await Promise.all([source, copy].map((e) => e.events.send(new DescribeArchiveCommand({ ArchiveName }))));
      assert.deepEqual(settings(now!), settings(was!));
    }
  });
});
