import { readFile, stat } from 'node:fs/promises';
import { dirname, extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { importTypeScriptConfig } from './bundle-config.js';
import { ConfigError } from './config-error.js';
import type { NormalizedConfig } from './normalized-config.js';
import { validateConfig } from './validate-config.js';

export interface LoadedConfig {
  /** The config file, absolute. */
  file: string;
  /** Its directory. */
  dir: string;
  /** The files it was read from, absolute: the config and, for TypeScript, the files it imports. */
  files: string[];
  config: NormalizedConfig;
}

/** Looked for in this order when no file is named. */
export const DEFAULT_CONFIG_FILES = ['eddy.config.ts', 'eddy.config.mts', 'eddy.config.js', 'eddy.config.mjs', 'eddy.config.json'];
const EXTENSIONS = ['.ts', '.mts', '.js', '.mjs', '.json'];

/**
 * Loads and validates a config. A named `file` (relative to `cwd`) must exist; without one, the first of
 * DEFAULT_CONFIG_FILES found in `cwd` is used, and undefined is returned when there is none.
 * TypeScript is bundled with esbuild first; the default export (or `module.exports`, or the JSON) is the config.
 */
export async function loadConfig(file?: string, cwd = process.cwd()): Promise<LoadedConfig | undefined> {
  let path: string | undefined;
  if (file !== undefined) {
    path = resolve(cwd, file);
    if (!(await isFile(path))) throw new ConfigError([`${path}: no such config file`]);
  } else {
    for (const name of DEFAULT_CONFIG_FILES) {
      if (await isFile(resolve(cwd, name))) {
        path = resolve(cwd, name);
        break;
      }
    }
    if (path === undefined) return undefined;
  }
  const { raw, files } = await readConfig(path);
  return { file: path, dir: dirname(path), files, config: validateConfig(raw, path) };
}

async function readConfig(path: string): Promise<{ raw: unknown; files: string[] }> {
  const extension = extname(path);
  if (!EXTENSIONS.includes(extension)) {
    throw new ConfigError([`${path}: expected a .ts, .mts, .js, .mjs or .json config file`]);
  }
  if (extension === '.json') {
    try {
      return { raw: JSON.parse(await readFile(path, 'utf8')), files: [path] };
    } catch (error) {
      throw new ConfigError([`${path}: invalid JSON: ${(error as Error).message}`]);
    }
  }
  let module: Record<string, unknown>;
  let files = [path];
  try {
    if (extension === '.ts' || extension === '.mts') ({ module, files } = await importTypeScriptConfig(path));
    // A fresh URL each time, so a config edited since the last load is read again.
    else module = (await import(`${pathToFileURL(path).href}?load=${Date.now()}-${Math.random()}`)) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError([`${path}: failed to load: ${error instanceof Error ? error.message : String(error)}`]);
  }
  if (!('default' in module) || module['default'] === undefined) {
    throw new ConfigError([`${path}: no default export (write \`export default defineConfig({ … })\`)`]);
  }
  return { raw: module['default'], files };
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
