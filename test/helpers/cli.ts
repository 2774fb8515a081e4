import { spawn, type ChildProcess } from 'node:child_process';
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

/** Runs the `eddy` CLI from source (through tsx), as a user would run the installed bin. */
export function runEddyCli(args: string[], cwd = repoRoot): CliProcess {
  return runNodeScript(fileURLToPath(new URL('../../src/cli/eddy.ts', import.meta.url)), args, { cwd });
}

/** Runs a script of the repository (TypeScript through tsx) with `args`, watching its output. */
export function runNodeScript(script: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): CliProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
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
