import { createHash } from 'node:crypto';
import { lstatSync, realpathSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join, sep } from 'node:path';
import type { BareImport } from './bundler-plugins.js';

/** A file as a build read it. */
export interface FileStamp {
  size: number;
  mtimeMs: number;
  /** Hex SHA-256 of the contents. */
  sha256: string;
}

/**
 * What a handler build depended on besides its settings, checked before a cached bundle is reused: the
 * files it read, and where its bare imports were looked up. Installing, upgrading or removing a package
 * changes one of them, so the next build after an install sees it without any source edit.
 */
export interface BuildRecord {
  /**
   * The files read (esbuild's inputs, the installed files pinned outside the bundle) and the files that
   * steer esbuild in each of their directories and above (`package.json`: `main`, `exports`, `type`,
   * `version`; `tsconfig.json` / `jsconfig.json`). null: the file did not exist, and must not appear.
   */
  files: Record<string, FileStamp | null>;
  /**
   * Every `DIR/node_modules/NAME` a bare import was looked up in, nearest first, up to the one it resolved
   * into (all of them up to `/` for an import that did not resolve): its real path, null when absent.
   */
  lookups: Record<string, string | null>;
}

/** Files whose stat is this close to the build's start may have changed while esbuild read them (FAT keeps 2 s). */
const RACY_MS = 2_000;

/** The files that steer esbuild in each directory of a source file and above. */
const CONTEXT_FILES = ['package.json', 'tsconfig.json', 'jsconfig.json'];

/**
 * Records a finished build. undefined when a file changed at or after `startedAt` (give or take the file
 * system's timestamp granularity): the recorded contents might not be the ones bundled, so such a build
 * is not cached.
 */
export async function recordBuild(read: readonly string[], imports: readonly BareImport[], startedAt: number): Promise<BuildRecord | undefined> {
  const paths = new Set(read);
  for (const { resolved } of imports) if (resolved !== undefined) paths.add(resolved);
  const seenDirs = new Set<string>();
  for (const path of [...paths]) {
    for (let dir = dirname(path); !seenDirs.has(dir); dir = dirname(dir)) {
      seenDirs.add(dir);
      for (const name of CONTEXT_FILES) paths.add(join(dir, name));
      if (dirname(dir) === dir) break;
    }
  }
  const files: Record<string, FileStamp | null> = {};
  for (const path of paths) {
    const stats = statSync(path, { throwIfNoEntry: false });
    if (stats === undefined || !stats.isFile()) {
      files[path] = null;
      continue;
    }
    if (stats.mtimeMs >= startedAt - RACY_MS) return undefined;
    files[path] = { size: stats.size, mtimeMs: stats.mtimeMs, sha256: await fileHash(path) };
  }
  return { files, lookups: lookupsOf(imports) };
}

/**
 * Whether everything recorded is as it was. Cheap when nothing changed: one stat per file and lookup. A
 * file whose size and time are unchanged is taken as unchanged (as make and git do); one whose time moved
 * but not its size is hashed. 'refreshed': current, and some stamps got their new time (save the record).
 */
export async function checkBuildRecord(record: BuildRecord): Promise<'current' | 'refreshed' | 'stale'> {
  for (const [path, real] of Object.entries(record.lookups)) {
    if (realPath(path) !== real) return 'stale';
  }
  let refreshed = false;
  for (const [path, stamp] of Object.entries(record.files)) {
    const stats = statSync(path, { throwIfNoEntry: false });
    if (stamp === null) {
      if (stats?.isFile()) return 'stale';
      continue;
    }
    if (stats === undefined || !stats.isFile() || stats.size !== stamp.size) return 'stale';
    if (stats.mtimeMs === stamp.mtimeMs) continue;
    if ((await fileHash(path)) !== stamp.sha256) return 'stale';
    stamp.mtimeMs = stats.mtimeMs;
    refreshed = true;
  }
  return refreshed ? 'refreshed' : 'current';
}

/**
 * The `node_modules` directories each bare import was looked up in, as Node and esbuild walk them: from
 * the importing file's directory up, skipping `node_modules/node_modules`. A package installed nearer than
 * the one used, or at last where none was found, shows up as a lookup that is no longer absent.
 */
function lookupsOf(imports: readonly BareImport[]): Record<string, string | null> {
  const lookups: Record<string, string | null> = {};
  for (const { specifier, resolveDir, resolved } of imports) {
    const name = packageName(specifier);
    if (name === undefined || resolveDir === '') continue;
    for (let dir = resolveDir; ; dir = dirname(dir)) {
      if (basename(dir) !== 'node_modules') {
        const path = join(dir, 'node_modules', name);
        const real = path in lookups ? lookups[path]! : realPath(path);
        lookups[path] = real;
        if (real !== null && resolved !== undefined && (resolved === real || resolved.startsWith(real + sep))) break;
      }
      if (dirname(dir) === dir) break;
    }
  }
  return lookups;
}

/**
 * The package a bare specifier names (`@scope/name` of `@scope/name/sub`, `name` of `name/sub`);
 * undefined for what npm could not install: `#imports`, URLs (`data:`), tsconfig aliases like `@/lib`.
 */
export function packageName(specifier: string): string | undefined {
  const match = /^(@[A-Za-z0-9-][\w.~-]*\/)?[A-Za-z0-9-][\w.~-]*(?=\/|$)/.exec(specifier);
  return match?.[0];
}

function realPath(path: string): string | null {
  if (lstatSync(path, { throwIfNoEntry: false }) === undefined) return null;
  try {
    return realpathSync(path);
  } catch {
    return null; // a dangling symbolic link
  }
}

async function fileHash(path: string): Promise<string> {
  return createHash('sha256').update(await readFile(path)).digest('hex');
}
