// serverless.yml (Framework v3/v4) run as it is (issue 20): variables resolved, functions and events turned into a SAM template, then the CloudFormation chain.
import type { TemplateText } from '../cloudformation/index.js';
import { loadedTemplateConfig, type TemplateConfig, type TemplateConfigOptions } from '../eddy-config/index.js';

export interface ServerlessConfigOptions extends TemplateConfigOptions {
  /** `--stage` (else provider.stage, else `dev`). */
  stage?: string;
  /** `--region`, for `${opt:region}` (ARNs Eddy makes use the deployment's region). */
  region?: string;
  /** `${env:…}` values (default: process.env). */
  env?: Record<string, string | undefined>;
  /** Other `--opt` values, for `${opt:name}`. */
  options?: Record<string, string>;
}

export interface ServerlessConfig extends TemplateConfig {
  /** Every file read: serverless.yml, then each `${file(…)}` (for a reload to watch). */
  files: string[];
  service: string;
  stage: string;
}

/**
 * Reads a serverless.yml (a path, or text with the `file` it stands for) into an Eddy config. Errors are
 * TemplateErrors naming serverless.yml's line; AWS::StackName is provider.stackName, else `<service>-<stage>`, as serverless names the stack.
 */
export async function readServerlessConfig(source: string | TemplateText, options: ServerlessConfigOptions): Promise<ServerlessConfig> {
  const { readServerless } = await import('./serverless-reader.js');
  const { stage, region, env, options: opt, ...templateOptions } = options;
  const read = await readServerless(source, {
    ...(stage ? { stage } : {}), ...(region ? { region } : {}), ...(env ? { env } : {}), ...(opt ? { options: opt } : {}),
    aws: { region: options.deployment.region, accountId: options.deployment.account },
  });
  const { kind: _kind, ...mapped } = loadedTemplateConfig(read.template, {
    ...templateOptions,
    pseudo: { stackName: read.stackName, ...templateOptions.pseudo },
  });
  return { ...mapped, notices: [...read.notices, ...mapped.notices], files: read.files, service: read.service, stage: read.stage };
}
