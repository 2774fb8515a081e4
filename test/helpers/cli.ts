import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface CliProcess {
  child: ChildProcess;
  /** Everything written to stdout / stderr so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves with the first stdout match of `pattern` (rejects if the process exits first or after `ms`). */
  waitFor(pattern: RegExp, ms?: number): Promise<RegExpMatchArray>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * The `eddy` CLI the tests run: the bin users install (dist/cli/eddy.js, plain node) when scripts/test.mjs has just
 * built dist/ from the sources (it sets EDDY_TEST_DIST=built), else src/cli/eddy.ts through tsx, so that a test file
 * run on its own never runs a stale dist/. dist/ is the same esbuild transpile of src/ that tsx makes; starting it
 * costs about 0.6 s of CPU instead of 2 s, and the CLI tests start a hundred of them (docs/testing.md).
 */
export const eddyCliScript = fileURLToPath(
  new URL(process.env.EDDY_TEST_DIST === 'built' ? '../../dist/cli/eddy.js' : '../../src/cli/eddy.ts', import.meta.url),
);

/** Runs the `eddy` CLI (eddyCliScript), as a user would run the installed bin. */
export function runEddyCli(args: string[], cwd = repoRoot): CliProcess {
  return runNodeScript(eddyCliScript, args, { cwd });
}

/**
 * The node arguments that run a script of the repository: a built .js under dist/ with plain node; a .ts as its
 * transpiled .js when scripts/test.mjs runs the tests transpiled (EDDY_TEST_BUILD, scripts/compile-tests.mjs),
 * with source maps as tsx has them; else through tsx.
 */
export function nodeScriptArgs(script: string): string[] {
  const build = process.env.EDDY_TEST_BUILD;
  if (build !== undefined && script.endsWith('.ts') && script.startsWith(repoRoot)) {
    const transpiled = join(build, relative(repoRoot, script)).replace(/\.ts$/, '.js');
    if (existsSync(transpiled)) return ['--enable-source-maps', transpiled];
  }
  if (script.startsWith(join(repoRoot, 'dist') + sep)) return [script];
  // tsx as this repository has it, so a script run in another directory (a temporary project) finds it.
  return ['--import', import.meta.resolve('tsx'), script];
}

/** Runs a script of the repository (nodeScriptArgs) with `args`, watching its output. */
export function runNodeScript(script: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): CliProcess {
  const child = spawn(process.execPath, [...nodeScriptArgs(script), ...args], {
    cwd: options.cwd ?? repoRoot,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return watchOutput(child);
}

/** Collects the output of a child spawned with piped stdout and stderr, to wait for what it prints. */
export function watchOutput(child: ChildProcess): CliProcess {
  let out = '';
  let err = '';
  const listeners = new Set<() => void>();
  child.stdout!.on('data', (chunk) => {
    out += chunk;
    for (const listener of listeners) listener();
  });
  child.stderr!.on('data', (chunk) => (err += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      for (const listener of listeners) listener();
      resolve({ code, signal });
    }),
  );
  const waitFor = (pattern: RegExp, ms = 20_000) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const check = () => {
        const match = out.match(pattern);
        if (match) {
          cleanup();
          resolve(match);
        } else if (child.exitCode !== null || child.signalCode !== null) {
          cleanup();
          reject(new Error(`eddy exited before printing ${pattern}; stdout: ${out} stderr: ${err}`));
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out waiting for ${pattern}; stdout: ${out} stderr: ${err}`));
      }, ms);
      const cleanup = () => {
        clearTimeout(timer);
        listeners.delete(check);
      };
      listeners.add(check);
      check();
    });
  return { child, stdout: () => out, stderr: () => err, waitFor, exited };
}

/** Starts `eddy start ...args` and resolves with its endpoint once it is ready. */
export async function startEddyCli(args: string[]): Promise<CliProcess & { endpoint: string }> {
  const cli = runEddyCli(['start', ...args]);
  const [, endpoint] = await cli.waitFor(/ready on (http:\/\/\S+)/);
  return { ...cli, endpoint: endpoint! };
}
