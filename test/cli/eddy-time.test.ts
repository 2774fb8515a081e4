import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runEddyCli, startEddyCli, type CliProcess } from '../helpers/cli.js';

describe('eddy time', () => {
  let server: CliProcess & { endpoint: string };
  let data: string;
  const time = async (...args: string[]) => {
    const cli = runEddyCli(['time', ...args, '--endpoint', server.endpoint]);
    return { ...(await cli.exited), stdout: cli.stdout(), stderr: cli.stderr() };
  };

  before(async () => {
    data = mkdtempSync(join(tmpdir(), 'eddy-time-cli-'));
    server = await startEddyCli(['--port', '0', '--data', data]);
  });
  after(async () => {
    server.child.kill('SIGTERM');
    await server.exited;
    rmSync(data, { recursive: true, force: true });
  });

  it('shows the time and offset, advances, refuses to go back (exit 1) and bad arguments (exit 2), resumes', async () => {
    const shown = await time();
    assert.equal(shown.code, 0, shown.stderr);
    assert.match(shown.stdout, /^Eddy's time {2}\d{4}-\d{2}-\d{2}T.*Z\nwall clock {3}.*Z\noffset {7}\+0s\n$/);

    const advanced = await time('advance', '1d2h');
    assert.equal(advanced.code, 0, advanced.stderr);
    assert.match(advanced.stdout, /^moved from {3}.*Z\nEddy's time .*\nwall clock .*\noffset {7}\+1d 2h\nnothing fell due\n$/);

    const json = await time('--json');
    const view = JSON.parse(json.stdout) as { now: string; offsetMs: number };
    assert.ok(view.offsetMs >= 93_600_000 && view.offsetMs < 93_600_000 + 60_000, String(view.offsetMs));

    const back = await time('set', '2020-01-01T00:00:00Z');
    assert.equal(back.code, 1);
    assert.match(back.stderr, /^eddy time set: Time only moves forward: 2020-01-01T00:00:00\.000Z is before Eddy's time /);

    const bad = await time('advance', 'soon');
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /Not a duration: 'soon'/);
    assert.equal((await time('rewind')).code, 2);

    const target = new Date(Date.parse(view.now) + 3 * 86_400_000).toISOString();
    const set = await time('set', target, '--json');
    assert.equal(set.code, 0, set.stderr);
    assert.ok(Date.parse((JSON.parse(set.stdout) as { now: string }).now) >= Date.parse(target));

    const resumed = await time('resume');
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.match(resumed.stdout, /offset {7}\+0s\n/);
  });
});
