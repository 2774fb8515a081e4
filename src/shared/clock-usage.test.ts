import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Domain time comes from the injected Clock, which `eddy time` moves (DESIGN.md, Layout). This keeps the
 * wall clock (`Date.now`, `new Date()` with no argument) out of src/ except in these files, where real
 * time is what is meant. Adding a file here needs its reason; an entry whose file no longer reads the
 * wall clock fails too, so the list stays true.
 */
const WALL_CLOCK_ALLOWED: Readonly<Record<string, string>> = {
  'src/shared/clock.ts': 'systemClock: the wall clock itself, the base Eddy adds its offset to',
  'src/storage/sqlite/sqlite-engine.ts': 'the default `now` of an engine opened without a clock (storage tests); startEddy passes Eddy\'s clock',
  'src/storage/postgres/postgres-engine.ts': 'the default `now` of an engine opened without a clock (storage tests); startEddy passes Eddy\'s clock',
  'src/storage/sqlite/sqlite-migrations.ts': 'when a schema migration was applied is a fact about the file, in real time',
  'src/http/app-server.ts': 'the fallback when no clock is injected; startEddy injects Eddy\'s',
  'src/api/sigv4/sign-request.ts': 'client-side signing: a SigV4 signature carries the real time its verifier checks',
  'src/config/load-config.ts': 'a cache-busting query on a re-imported config module, not a time',
  'src/cli/record-line.ts': 'the CLI runs outside Eddy: how long ago a tailed record was, for the person reading it',
  'src/functions/build-cache.ts': 'a build\'s start and the age of cached bundles, against the files\' modification times',
  'src/functions/environment-pool.ts': 'idle execution environments are reaped after real idle time (memory, not semantics)',
  'src/functions/execution-environment.ts': 'a handler runs in real time: its timeout deadline; the log stream name',
  'src/functions/process-environment.ts': 'a handler runs in real time: its timeout deadline; the log stream name',
  'src/functions/lambda-context.ts': 'getRemainingTimeInMillis counts down the real deadline',
  'src/functions/runtime-api/invocation-headers.ts': 'the epoch part of a trace id',
  'src/functions/worker-console.ts': 'log line timestamps',
  'src/functions/invocation-run.ts': 'log line timestamps',
  'src/functions/broken-function.ts': 'log line timestamps',
  'src/functions/function-runtime.ts': 'log timestamps; LastModified of a function registered from the config (shown, nothing fires on it)',
};

const root = fileURLToPath(new URL('../..', import.meta.url));
const WALL_CLOCK = /\bDate\.now\b|\bnew Date\(\s*\)/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'fixtures' || entry.name === 'node_modules' ? [] : sourceFiles(path);
    return /\.m?ts$/.test(entry.name) && !/\.test\.m?ts$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The file's lines that read the wall clock, comments left out. */
function wallClockLines(text: string): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, (comment) => comment.replace(/[^\n]/g, ' ')).replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  return code.split('\n').flatMap((line, i) => (WALL_CLOCK.test(line) ? [`${i + 1}: ${line.trim()}`] : []));
}

describe('the wall clock in src/', () => {
  const files = sourceFiles(join(root, 'src')).map((path) => ({ file: relative(root, path).split('\\').join('/'), lines: wallClockLines(readFileSync(path, 'utf8')) }));

  it('is read only where real time is meant (domain code takes the injected Clock)', () => {
    const offending = files.filter((f) => f.lines.length > 0 && !(f.file in WALL_CLOCK_ALLOWED));
    assert.deepEqual(
      offending.map((f) => `${f.file}\n    ${f.lines.join('\n    ')}`),
      [],
      'Read time from the injected Clock (ctx.clock.now()), or add the file to WALL_CLOCK_ALLOWED with the reason real time is right there',
    );
  });

  it('has no allow-list entry for a file that no longer reads it', () => {
    const reading = new Set(files.filter((f) => f.lines.length > 0).map((f) => f.file));
    assert.deepEqual(Object.keys(WALL_CLOCK_ALLOWED).filter((file) => !reading.has(file)), []);
  });

  it('finds what it looks for', () => {
    assert.deepEqual(wallClockLines('const a = Date.now();\n// Date.now()\nconst b = new Date();\nconst c = new Date(ms);\n/* new Date() */ const d = Date.now;'), [
      '1: const a = Date.now();',
      '3: const b = new Date();',
      '5: const d = Date.now;',
    ]);
  });
});
