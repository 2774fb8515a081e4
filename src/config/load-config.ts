import { readFile, stat } from 'node:fs/promises';
import { dirname, extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { importTypeScriptConfig } from './bundle-config.js';
import { ConfigError } from './config-error.js';
import type { NormalizedConfig } from './normalized-config.js';
import { validateConfig } from './validate-config.js';
import { importModule } from '../shared/import-module.js';

export interface LoadedConfig {
  /** The config file, absolute. */
  file: string;
  /** Its directory. */
  dir: string;
  /** The files it was read from, absolute: the config and, for TypeScript, the files it imports. */
  files: string[];
  config: NormalizedConfig;
  /** When the config came from (or with) a template: what to show at start. */
  template?: TemplateSummary;
  /** Lines for the start: e.g. a template found beside the config and not used. */
  notices?: readonly string[];
  /** Reads the same sources again (`eddy dev`); without it the file is loaded again with loadConfig. */
  reload?: () => Promise<LoadedConfig>;
}

/** A template's part of the config in force (issue 20): what it was, its Outputs, what it left out. */
export interface TemplateSummary {
  kind: 'sam' | 'cloudformation' | 'serverless' | 'cdk';
  /** The template file (the cdk.out directory for CDK), absolute. */
  file: string;
  outputs: readonly { name: string; value: string; description?: string | undefined }[];
  /** Resources skipped because Eddy does not emulate their type. */
  notEmulated: readonly { logicalId: string; type: string }[];
  /** What was approximated or ignored, one line each. */
  notices: readonly string[];
  /** Some StreamArn was resolved before its table existed: load again once the config is applied. */
  provisional: boolean;
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
    path = await findConfigFile(cwd);
    if (path === undefined) return undefined;
  }
  const { raw, files } = await readConfigFile(path);
  return { file: path, dir: dirname(path), files, config: validateConfig(raw, path) };
}

/** The first of DEFAULT_CONFIG_FILES in `dir`, absolute, or undefined. */
export async function findConfigFile(dir: string): Promise<string | undefined> {
  for (const name of DEFAULT_CONFIG_FILES) {
    if (await isFile(resolve(dir, name))) return resolve(dir, name);
  }
  return undefined;
}

/** A config file's default export, not yet validated, and the files it was read from. */
export async function readConfigFile(path: string): Promise<{ raw: unknown; files: string[] }> {
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
    else module = await importModule(`${pathToFileURL(path).href}?load=${Date.now()}-${Math.random()}`);
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
