import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { configChanges } from './config-changes.js';
import { functionSpec } from './config-functions.js';
import { ConfigError, validateConfig } from './validate-config.js';

/** A project: a Node.js handler, a Python module and a custom runtime's bootstrap. */
let dir: string;
let file: string;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'eddy-isolation-'));
  file = join(dir, 'eddy.config.ts');
  writeFileSync(join(dir, 'app.py'), 'def handler(event, context):\n    return None\n');
  mkdirSync(join(dir, 'go-fn'));
  writeFileSync(join(dir, 'go-fn', 'bootstrap'), '#!/bin/sh\n');
  chmodSync(join(dir, 'go-fn', 'bootstrap'), 0o755);
});

after(() => rmSync(dir, { recursive: true, force: true }));

/** The problems validation reports, each without the leading `FILE: `. */
function problems(fns: Record<string, unknown>): string[] {
  try {
    validateConfig({ functions: fns }, file);
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error.problems.map((problem) => problem.slice(file.length + 2));
  }
  assert.fail('expected a ConfigError');
}

describe("validateConfig: a Node.js function's isolation", () => {
  it("takes 'process' and 'thread' as written, into the function's spec; unset stays unset (a worker thread)", () => {
    const config = validateConfig(
      { functions: { isolated: { handler: 'src/a.ts', isolation: 'process' }, threaded: { runtime: 'nodejs22.x', handler: 'src/a.ts', isolation: 'thread' }, plain: { handler: 'src/a.ts' } } },
      file,
    );
    assert.equal(config.functions['isolated']!.isolation, 'process');
    assert.equal(functionSpec(config, 'isolated').isolation, 'process');
    assert.equal(functionSpec(config, 'threaded').isolation, 'thread');
    assert.equal('isolation' in config.functions['plain']!, false);
    assert.equal('isolation' in functionSpec(config, 'plain'), false);
  });

  it('refuses an unknown value, and any value for a Python or custom runtime function, naming the field', () => {
    assert.deepEqual(
      problems({
        forked: { handler: 'src/a.ts', isolation: 'fork' },
        py: { handler: 'app.handler', isolation: 'process' },
        go: { runtime: 'provided.al2023', codeDir: 'go-fn', handler: 'main', isolation: 'thread' },
      }),
      [
        'functions.forked.isolation: expected one of "thread", "process", got "fork"',
        `functions.py.isolation: only a Node.js function chooses where it runs (a ${validatedRuntime()} function always runs as a process of its own)`,
        'functions.go.isolation: only a Node.js function chooses where it runs (a provided.al2023 function always runs as a process of its own)',
      ],
    );
  });

  it('a change of isolation is a change of the function (eddy dev redeploys it)', () => {
    const before = validateConfig({ functions: { fn: { handler: 'src/a.ts' } } }, file);
    const after = validateConfig({ functions: { fn: { handler: 'src/a.ts', isolation: 'process' } } }, file);
    assert.deepEqual(configChanges(before, after).functions.changed, [{ item: 'fn', changes: ['isolation thread → process'] }]);
    assert.deepEqual(configChanges(after, after).functions.changed, []);
  });
});

/** The runtime a handler naming app.py is given (python3.x: the label follows the interpreter's version). */
function validatedRuntime(): string {
  return validateConfig({ functions: { py: { handler: 'app.handler' } } }, file).functions['py']!.runtime!;
}
