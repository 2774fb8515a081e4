import { lstatSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Eddy's directory under the shared temporary directory, `<tmpdir>/eddy-<uid>`, holds code Eddy runs: the bundles
 * built from handlers and configs, V8's code cache of the command. On a machine with other users, one of them could
 * create that directory first and put code there. So a directory there is used only when it, and each one below it
 * that is used, belongs to this user and no one else may write to it. Returns the directory, created (mode 0700)
 * when missing, or undefined when it is not private.
 */
export function privateTemporaryDirectory(...parts: string[]): string | undefined {
  const root = join(tmpdir(), `eddy-${process.getuid?.() ?? 'user'}`);
  const path = join(root, ...parts);
  try {
    mkdirSync(path, { recursive: true, mode: 0o700 });
    let dir = root;
    if (!isPrivate(dir)) return undefined;
    for (const part of parts) if (!isPrivate((dir = join(dir, part)))) return undefined;
  } catch {
    return undefined;
  }
  return path;
}

function isPrivate(path: string): boolean {
  const stat = lstatSync(path);
  const uid = process.getuid?.();
  return stat.isDirectory() && (uid === undefined || stat.uid === uid) && (stat.mode & 0o022) === 0;
}

/** A directory of this process's own (mode 0700), for when the shared one is not private: nothing is kept across runs. */
export const ownTemporaryDirectory = (prefix: string): string => mkdtempSync(join(tmpdir(), prefix));
