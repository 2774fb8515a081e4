import type { BuildFailure } from 'esbuild';
import { existsSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { packageName } from './build-record.js';
import { FunctionBuildError } from './errors.js';

/**
 * A failed esbuild run as a FunctionBuildError: one problem per esbuild error, as `file:line:column: text`
 * (the way editors and terminals link them), except an import of a package installed nowhere the import
 * looks, which says so and gives the command that installs it:
 * `src/a.ts imports "@aws-sdk/client-dynamodb", which is not installed in /app — run: npm install @aws-sdk/client-dynamodb`.
 */
export function buildFailure(functionName: string, error: unknown, baseDir: string): FunctionBuildError {
  const messages = (error as Partial<BuildFailure>).errors;
  if (!Array.isArray(messages) || messages.length === 0) {
    return new FunctionBuildError(functionName, [error instanceof Error ? error.message : String(error)]);
  }
  const problems = new Set<string>();
  const missing = new Set<string>();
  const files = new Set<string>();
  for (const message of messages) {
    const at = message.location;
    if (at !== null) files.add(resolve(baseDir, at.file));
    const file = at === null ? undefined : relative(baseDir, resolve(baseDir, at.file)) || at.file;
    const specifier = /^Could not resolve "(.+)"$/.exec(message.text)?.[1];
    const name = file !== undefined && specifier !== undefined ? missingPackage(specifier, resolve(baseDir, file)) : undefined;
    if (name !== undefined) {
      const project = projectDir(baseDir);
      problems.add(`${file} imports "${specifier}", which is not installed in ${project} — run: ${installCommand(project)} ${name}`);
      missing.add(name);
    } else {
      problems.add(at === null ? message.text : `${file}:${at.line}:${at.column + 1}: ${message.text}`);
    }
  }
  return new FunctionBuildError(functionName, [...problems], [...missing], [...files]);
}

/** The package a bare specifier names, when no `node_modules` from the importer's directory up holds it. */
function missingPackage(specifier: string, importer: string): string | undefined {
  const name = packageName(specifier);
  if (name === undefined) return undefined;
  for (let dir = dirname(importer); ; dir = dirname(dir)) {
    // Installed but not resolvable (a subpath its `exports` leave out): esbuild's own message says more.
    if (basename(dir) !== 'node_modules' && existsSync(join(dir, 'node_modules', name))) return undefined;
    if (dirname(dir) === dir) return name;
  }
}

/** Where the install goes: the nearest directory with a package.json, from the function's base directory up. */
function projectDir(baseDir: string): string {
  for (let dir = baseDir; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return baseDir;
  }
}

const LOCKFILES: [file: string, command: string][] = [
  ['pnpm-lock.yaml', 'pnpm add'],
  ['yarn.lock', 'yarn add'],
  ['bun.lock', 'bun add'],
  ['bun.lockb', 'bun add'],
  ['package-lock.json', 'npm install'],
];

/** The project's package manager, told by the lockfile nearest the project (a workspace keeps it at its root). */
function installCommand(project: string): string {
  for (let dir = project; ; dir = dirname(dir)) {
    const found = LOCKFILES.find(([file]) => existsSync(join(dir, file)));
    if (found !== undefined) return found[1];
    if (dirname(dir) === dir) return 'npm install';
  }
}
