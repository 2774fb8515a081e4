import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { START_HELP, START_OPTIONS } from '../../src/cli/start-command.js';
import { repoRoot, runEddyCli } from '../helpers/cli.js';

/** The flags `eddy start` reads, as `--name`. */
const flags = Object.keys(START_OPTIONS).map((name) => `--${name}`);
/** Every `--name` a text mentions. */
const mentioned = (text: string) => new Set(text.match(/--[a-z][a-z-]*/g));

describe('eddy start --help and the README list every flag', () => {
  it('eddy start --help and eddy dev --help print every option and exit 0', async () => {
    for (const command of ['start', 'dev']) {
      const cli = runEddyCli([command, '--help']);
      assert.equal((await cli.exited).code, 0, cli.stderr());
      assert.ok(cli.stdout().startsWith(`Usage: eddy ${command} [options]\n`), cli.stdout());
      const shown = mentioned(cli.stdout());
      assert.deepEqual(flags.filter((flag) => !shown.has(flag)), [], `eddy ${command} --help misses flags`);
    }
  });

  it('the help names no flag the command does not take', () => {
    assert.deepEqual([...mentioned(START_HELP)].filter((flag) => !flags.includes(flag)), []);
    assert.match(START_HELP, /^ {2}-h, --help /m);
  });

  it("the README's eddy start synopsis and notes list every flag", () => {
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    const synopsis = /^eddy start .*\n(?: {11}.*\n)*/m.exec(readme)?.[0] ?? '';
    assert.notEqual(synopsis, '', 'the README has an eddy start synopsis');
    const listed = mentioned(synopsis);
    assert.deepEqual(flags.filter((flag) => flag !== '--help' && !listed.has(flag)), [], 'flags missing from the synopsis');
    const section = readme.slice(readme.indexOf('## The `eddy` command'), readme.indexOf('\n## ', readme.indexOf('## The `eddy` command') + 1));
    const described = mentioned(section.slice(synopsis.length));
    assert.deepEqual(flags.filter((flag) => flag !== '--help' && !described.has(flag)), [], 'flags the notes below the synopsis do not explain');
  });
});
