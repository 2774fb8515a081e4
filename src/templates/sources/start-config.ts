// What startEddy loads at start: nothing, an eddy.config, a template, or both (see detect-sources.ts).
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LoadedConfig } from '../../config/load-config.js';
import type { EddyOptions } from '../../eddy-options.js';
import type { Deployment } from '../../shared/arns.js';
import { loadSources } from './load-sources.js';

/** The options of startEddy that say what to load; `data`: inline template code is written under it (a temporary directory without one). */
export type StartSources = Pick<EddyOptions, 'config' | 'configDir' | 'template' | 'serverless' | 'cdk' | 'stage' | 'parameters' | 'data'>;

/** Loads the start's configuration; undefined when startEddy was given no source and no directory to look in. */
export async function loadStartConfig(
  options: StartSources,
  deployment: Deployment & { endpoint: string },
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
    inlineCodeDir: options.data !== undefined ? join(options.data, 'template-code') : join(tmpdir(), `eddy-template-code-${process.pid}`),
  });
}
