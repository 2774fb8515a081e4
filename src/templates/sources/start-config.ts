// What startEddy loads at start: nothing, an eddy.config, a template, or both (see detect-sources.ts).
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { LoadedConfig } from '../../config/load-config.js';
import type { EddyOptions } from '../../eddy-options.js';
import type { Deployment } from '../../shared/arns.js';
import { loadSources } from './load-sources.js';

/** The options of startEddy that say what to load; `data`: inline template code is written under it (a temporary directory without one). */
export type StartSources = Pick<EddyOptions, 'config' | 'configDir' | 'template' | 'serverless' | 'cdk' | 'stage' | 'parameters' | 'data'>;

/** Loads the start's configuration; undefined when startEddy was given no source and no directory to look in. */
export async function loadStartConfig(
  options: StartSources,
  deployment: Deployment & { endpoint: string; appEndpoint?: string | undefined },
  streamArns: () => Promise<ReadonlyMap<string, string>>,
): Promise<LoadedConfig | undefined> {
  const { config, configDir, template, serverless, cdk } = options;
  if (config === undefined && configDir === undefined && template === undefined && serverless === undefined && cdk === undefined) return undefined;
  return loadSources({
    cwd: configDir ?? process.cwd(),
    config, template, serverless, cdk,
    stage: options.stage,
    parameters: options.parameters,
    deployment,
    streamArns,
    inlineCodeDir: options.data !== undefined ? join(options.data, 'template-code') : scratchCodeDir(options),
  });
}

/**
 * Without a data directory, inline code goes to one directory per project under the system's temporary
 * directory: written again at each start (the same files), not one more directory per run.
 */
function scratchCodeDir(options: StartSources): string {
  const project = resolve(options.configDir ?? process.cwd(), options.template ?? options.serverless ?? options.cdk ?? options.config ?? '.');
  return join(tmpdir(), 'eddy-template-code', createHash('sha256').update(project).digest('hex').slice(0, 16));
}
