import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runNodeScript, type CliProcess } from '../../test/helpers/cli.js';
import { eventually } from '../../test/helpers/eventually.js';

const eddy = fileURLToPath(new URL('../../dist/cli/eddy.js', import.meta.url));

/**
 * The built `eddy` command compiles its bundle from V8's code cache (load-command-line.ts). Each start here is a
 * fresh process with its own temporary directory (where the cache lives) and a config that is imported — the
 * import() a cached compilation would lose — and that creates a table the start reports.
 */
describe('the eddy command from its code cache', { skip: process.env.EDDY_TEST_DIST !== 'built' && 'runs the built dist/ (npm test builds it)' }, () => {
  const temp = mkdtempSync(join(tmpdir(), 'eddy-code-cache-'));
  const cacheDir = join(temp, `eddy-${process.getuid?.() ?? 'user'}`, 'cache', 'code');
  writeFileSync(join(temp, 'eddy.config.mjs'), "export default { tables: { cached: { partitionKey: { name: 'id', type: 'S' } } } };\n");
  after(() => rmSync(temp, { recursive: true, force: true }));

  async function start(): Promise<CliProcess> {
    const cli = runNodeScript(eddy, ['start', '--memory', '--port', '0', '--http-port', '0', '--config', join(temp, 'eddy.config.mjs')], {
      cwd: temp,
      env: { ...process.env, TMPDIR: temp, NODE_DEBUG: 'eddy-code-cache' },
    });
    try {
      await cli.waitFor(/ready on http/, 30_000);
    } catch (error) {
      cli.child.kill();
      throw error;
    }
    return cli;
  }

  async function stop(cli: CliProcess): Promise<void> {
    cli.child.kill('SIGTERM');
    await cli.exited;
  }

  it('the first start writes the cache (and removes other bundles\' files unused for a week); the next compiles from it, imports its config and writes nothing', async () => {
    assert.ok(existsSync(fileURLToPath(new URL('../../dist/cli/eddy-bundle.cjs', import.meta.url))), 'the build made the bundle');
    mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
    const weekOld = new Date(Date.now() - 8 * 86_400_000);
    writeFileSync(join(cacheDir, '0000000000000000-1111111111111111.bin'), 'another install, unused for 8 days');
    utimesSync(join(cacheDir, '0000000000000000-1111111111111111.bin'), weekOld, weekOld);
    writeFileSync(join(cacheDir, '2222222222222222-3333333333333333.bin'), 'another install, used today');
    const first = await start();
    try {
      assert.match(first.stderr(), /no code cache yet/);
      assert.match(first.stdout(), /cached/, 'the config was applied');
      await eventually('the code cache written', () => first.stderr().includes('code cache written') || undefined, { timeoutMs: 20_000 });
    } finally {
      await stop(first);
    }
    const file = readdirSync(cacheDir).find((name) => !name.startsWith('2222'));
    assert.deepEqual(readdirSync(cacheDir).sort(), [file, '2222222222222222-3333333333333333.bin'].sort(), 'the week-old file is gone');
    assert.ok(file?.endsWith('.bin'), file);
    const written = statSync(join(cacheDir, file!)).mtimeMs;

    const second = await start();
    try {
      assert.match(second.stderr(), /compiled from the code cache/);
      assert.match(second.stdout(), /cached/, 'the config, imported from code compiled from the cache, was applied');
    } finally {
      await stop(second);
    }
    assert.doesNotMatch(second.stderr(), /code cache (written|refused)/);
    assert.deepEqual(readdirSync(cacheDir).sort(), [file, '2222222222222222-3333333333333333.bin'].sort());
    assert.equal(statSync(join(cacheDir, file!)).mtimeMs, written);
  });

  it('a cache directory others may write to is not used', async () => {
    mkdirSync(cacheDir, { recursive: true });
    chmodSync(join(temp, `eddy-${process.getuid?.() ?? 'user'}`), 0o777);
    const cli = await start();
    try {
      assert.match(cli.stderr(), /no private cache directory/);
      assert.match(cli.stdout(), /cached/);
    } finally {
      await stop(cli);
    }
  });
});
