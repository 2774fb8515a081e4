// serverless.yml → a SAM template ready for the CloudFormation chain: read (YAML with CloudFormation's short tags),
// variables resolved, converted. Loaded through a dynamic import (index.ts), so the `yaml` package is not
// loaded at Eddy's start-up unless a serverless.yml is read.
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { TemplateText } from '../cloudformation/index.js';
import { TemplateError } from '../cloudformation/template-error.js';
import { parseYamlTemplate } from '../cloudformation/yaml-reader.js';
import { withDotenv } from './dotenv.js';
import { isObject, type JsonObject } from './generated-template.js';
import { serviceTemplate, type ServiceTemplate } from './service-template.js';
import { dig, VariableSources } from './variable-sources.js';
import { hasVariables } from './variable-syntax.js';
import { VariableResolver } from './variables.js';

export interface ServerlessReadOptions {
  stage?: string;
  region?: string;
  /** `${env:…}` values (default: process.env); with `useDotenv: true`, over the stage's .env file. */
  env?: Readonly<Record<string, string | undefined>>;
  /** `--opt` values for `${opt:…}` (stage and region come from their own options). */
  options?: Readonly<Record<string, string>>;
  /** What `${aws:region}` / `${aws:accountId}` give. */
  aws: { region: string; accountId: string };
}

export interface ServerlessRead extends ServiceTemplate {
  /** serverless.yml, the .env file read (useDotenv), then each file a `${file(…)}` read. */
  files: string[];
}

export async function readServerless(source: string | TemplateText, options: ServerlessReadOptions): Promise<ServerlessRead> {
  const { text, file } = typeof source === 'string' ? await readServerlessFile(source) : source;
  const { value, sourceMap } = parseYamlTemplate(text, file);
  if (!isObject(value)) throw sourceMap.error('serverless.yml must be a YAML mapping (service, provider, functions, …)', '');
  const serviceDir = dirname(file);
  let env = options.env ?? process.env;
  let dotenvFile: string | undefined;
  if (value['useDotenv'] === true) {
    const provider = isObject(value['provider']) ? value['provider'] : {};
    const literalStage = typeof provider['stage'] === 'string' && !hasVariables(provider['stage']) ? provider['stage'] : undefined;
    ({ env, file: dotenvFile } = withDotenv(serviceDir, options.stage ?? literalStage ?? 'dev', env));
  }
  const sources = new VariableSources({
    serviceDir,
    options: { ...options.options, ...(options.stage ? { stage: options.stage } : {}), ...(options.region ? { region: options.region } : {}) },
    env,
    aws: options.aws,
  });
  const resolved = new VariableResolver(value, sourceMap, sources).resolveAll() as JsonObject;
  const stage = sources.stage({ self: (address) => dig(resolved, address) });
  return { ...serviceTemplate(resolved, sourceMap, serviceDir, stage), files: [file, ...(dotenvFile ? [dotenvFile] : []), ...sources.files] };
}

async function readServerlessFile(path: string): Promise<TemplateText> {
  const file = resolve(path);
  try {
    return { text: await readFile(file, 'utf8'), file };
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new TemplateError(`Cannot read serverless.yml: ${reason}`, '', { file, line: 1, column: 1 });
  }
}
