// Which files `eddy start` runs: the flags' (--config, --template, --serverless, --cdk), or, with none, the
// first of eddy.config.*, template.yaml, template.yml, serverless.yml, cdk.out in the working directory.
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ConfigError } from '../../config/config-error.js';
import { findConfigFile } from '../../config/load-config.js';

export type TemplateKind = 'template' | 'serverless' | 'cdk';

export interface SourceFlags {
  config?: string | undefined;
  template?: string | undefined;
  serverless?: string | undefined;
  cdk?: string | undefined;
}

export interface ChosenSources {
  /** The eddy.config file, absolute. */
  config?: string;
  template?: { kind: TemplateKind; path: string };
  /** A line for the start: a template found beside the config and left out, and how to use both. */
  notice?: string;
}

const DETECTED: readonly [string, TemplateKind][] = [
  ['template.yaml', 'template'],
  ['template.yml', 'template'],
  ['serverless.yml', 'serverless'],
  ['cdk.out', 'cdk'],
];

/**
 * The sources to load. A named template comes with the eddy.config of the working directory, if any (the
 * config adds to it); with no flag the first file found is used alone.
 */
export async function chooseSources(flags: SourceFlags, cwd: string): Promise<ChosenSources> {
  const named = (['template', 'serverless', 'cdk'] as const).filter((kind) => flags[kind] !== undefined);
  if (named.length > 1) throw new ConfigError([`--${named.join(', --')}: give one template (a SAM/CloudFormation template, a serverless.yml or a cdk.out)`]);
  const config = flags.config !== undefined ? resolve(cwd, flags.config) : await findConfigFile(cwd);
  if (flags.config !== undefined && !(await exists(config!, 'file'))) throw new ConfigError([`${config}: no such config file`]);
  const kind = named[0];
  if (kind !== undefined) {
    const path = resolve(cwd, flags[kind]!);
    if (!(await exists(path, kind === 'cdk' ? 'directory' : 'file'))) {
      throw new ConfigError([`${path}: no such ${kind === 'cdk' ? 'cdk.out directory' : `${kind === 'serverless' ? 'serverless.yml' : 'template'} file`}`]);
    }
    return { ...(config && { config }), template: { kind, path } };
  }
  const found = await firstTemplate(cwd);
  if (config !== undefined) {
    if (!found || flags.config !== undefined) return { config };
    const flag = found.kind === 'template' ? '--template' : `--${found.kind}`;
    return { config, notice: `${found.path} is not used: ${config} was found first (start with ${flag} ${found.path} to run both)` };
  }
  return found ? { template: found } : {};
}

async function firstTemplate(cwd: string): Promise<{ kind: TemplateKind; path: string } | undefined> {
  for (const [name, kind] of DETECTED) {
    const path = resolve(cwd, name);
    if (await exists(path, kind === 'cdk' ? 'directory' : 'file')) return { kind, path };
  }
  return undefined;
}

async function exists(path: string, type: 'file' | 'directory'): Promise<boolean> {
  try {
    const stats = await stat(path);
    return type === 'file' ? stats.isFile() : stats.isDirectory();
  } catch {
    return false;
  }
}
