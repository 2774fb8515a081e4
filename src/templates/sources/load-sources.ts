// `eddy start`'s configuration from every source it is given: a template (SAM / CloudFormation,
// serverless.yml or cdk.out) mapped into a config, an eddy.config added on top, validated as one config.
import { dirname, join } from 'node:path';
import type { EddyConfig } from '../../config/config-types.js';
import { ConfigError } from '../../config/config-error.js';
import { loadConfig, readConfigFile, type LoadedConfig, type TemplateSummary } from '../../config/load-config.js';
import { validateConfig } from '../../config/validate-config.js';
import type { Deployment } from '../../shared/arns.js';
import { ServiceError } from '../../shared/service-error.js';
import type { TemplateConfig, TemplateConfigOptions } from '../eddy-config/index.js';
import { chooseSources, type ChosenSources, type SourceFlags, type TemplateKind } from './detect-sources.js';
import { mergeConfigs } from './merge-configs.js';

export interface SourcesOptions extends SourceFlags {
  /** Where relative flags point and where files are looked for. */
  cwd: string;
  /** serverless.yml's stage (`--stage`). */
  stage?: string | undefined;
  /** Template parameter overrides (`--parameter Key=Value`). */
  parameters?: Readonly<Record<string, string>> | undefined;
  /** Region, account and the endpoint queue URLs are built on. */
  deployment: Deployment & { endpoint: string; appEndpoint?: string | undefined };
  /** The latest stream ARN of each existing table, so a template's StreamArn is the real one. */
  streamArns?: () => Promise<ReadonlyMap<string, string>>;
  /** Where functions written inline in a template (Code.ZipFile) are put to run. */
  inlineCodeDir: string;
  /** Variables `${env:…}` of serverless.yml read (default process.env). */
  env?: Readonly<Record<string, string | undefined>>;
}

const TEMPLATE_ERROR = 'eddy#TemplateError';

/** What a template source gives: its config and the files to watch. */
type TemplateRead = TemplateConfig & { kind: TemplateSummary['kind']; files: string[] };

/** Loads the configuration `eddy start` runs, or undefined when there is none. Problems are a ConfigError. */
export async function loadSources(options: SourcesOptions): Promise<LoadedConfig | undefined> {
  const chosen = await chooseSources(options, options.cwd);
  return loadChosen(chosen, options);
}

async function loadChosen(chosen: ChosenSources, options: SourcesOptions): Promise<LoadedConfig | undefined> {
  if (!chosen.template) {
    if (chosen.config === undefined) return undefined;
    const loaded = (await loadConfig(chosen.config))!;
    return chosen.notice ? { ...loaded, notices: [chosen.notice] } : loaded;
  }
  const { kind, path } = chosen.template;
  const read = await readTemplateSource(kind, path, options);
  let raw: unknown = read.config;
  const files = [...read.files];
  if (chosen.config !== undefined) {
    const own = await readConfigFile(chosen.config);
    raw = mergeConfigs(read.config as EddyConfig, own.raw);
    files.push(...own.files);
  }
  // Problems are reported against the eddy.config when there is one (its relative paths are its own), else the template.
  const file = chosen.config ?? (kind === 'cdk' ? join(path, 'manifest.json') : path);
  const template: TemplateSummary = {
    kind: read.kind, file: path, outputs: read.outputs.map(({ name, value, description }) => ({ name, value, description })),
    notEmulated: read.notEmulated, notices: read.notices, provisional: read.provisional,
  };
  return {
    file, dir: dirname(file), files, config: validateConfig(raw, file), template,
    reload: async () => (await loadChosen(chosen, options))!,
  };
}

async function readTemplateSource(kind: TemplateKind, path: string, options: SourcesOptions): Promise<TemplateRead> {
  const streams = (await options.streamArns?.()) ?? new Map<string, string>();
  const common: TemplateConfigOptions = {
    deployment: { ...options.deployment, streamArnOf: (table) => streams.get(table) },
    inlineCodeDir: options.inlineCodeDir,
    ...(options.parameters && { parameters: options.parameters }),
  };
  // The readers are loaded with their template only: in the `eddy` command's bundle they are chunks of
  // their own (about 150 KiB that a start on an eddy.config alone does not compile).
  try {
    switch (kind) {
      case 'template': {
        const { readTemplateConfig } = await import('../eddy-config/index.js');
        const read = await readTemplateConfig(path, common);
        return { ...read, files: [path] };
      }
      case 'cdk': {
        const { readCdkConfig } = await import('../cdk/index.js');
        return { ...(await readCdkConfig(path, common)), kind: 'cdk' };
      }
      case 'serverless': {
        const { readServerlessConfig } = await import('../serverless/index.js');
        // `files`: serverless.yml, its .env file (useDotenv) and every `${file()}` read, for eddy dev to watch.
        const read = await readServerlessConfig(path, { ...common, ...(options.stage && { stage: options.stage }), ...(options.env && { env: { ...options.env } }) });
        return { ...read, kind: 'serverless' };
      }
    }
  } catch (error) {
    // The reader's, the SAM transform's and the mapping's errors: `file:line:column: detail (at /pointer)`.
    if (error instanceof ServiceError && error.type === TEMPLATE_ERROR) throw new ConfigError([error.message]);
    throw error;
  }
}
