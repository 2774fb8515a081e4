// A synthesized CDK app (cdk.out) as one config: its stacks in dependency order, each template read
// with its function code assets in place, mapped like any CloudFormation template, the configs merged.
import type { EddyConfig } from '../../config/config-types.js';
import { loadTemplate, TemplateError, type LoadedTemplate, type TemplateOutput } from '../cloudformation/index.js';
import { loadedTemplateConfig, type TemplateConfig, type TemplateConfigOptions } from '../eddy-config/index.js';
import { isObject, readCloudAssembly, type CdkStack } from './cloud-assembly.js';
import { StackConfigs } from './merge-stack-configs.js';
import { stackParameters, useAssets } from './stack-assets.js';
import { orderStacks } from './stack-order.js';

export interface CdkConfigOptions extends TemplateConfigOptions {
  /** Stacks to run (artifact id, stack name or `Stage/Stack`), with the stacks they depend on; default all. */
  stacks?: string[];
}

export interface CdkConfig extends TemplateConfig {
  /** manifest.json, the asset manifests and the stack templates: `cdk synth` rewrites them. */
  files: string[];
  /** The stack names run, in the order they were mapped. */
  stacks: string[];
}

/**
 * Reads the cloud assembly in `dir` (a cdk.out, or a directory holding one). `options.parameters` apply
 * to each stack declaring them; `Stack:Name=value` (as `cdk deploy --parameters`) to that stack only.
 * Outputs are named `<stack>.<output>` as `cdk deploy` prints them; an Export of an earlier stack is
 * what Fn::ImportValue gives in a later one.
 */
export async function readCdkConfig(dir: string, options: CdkConfigOptions): Promise<CdkConfig> {
  const assembly = await readCloudAssembly(dir);
  const stacks = orderStacks(assembly, options.stacks);
  const templates: LoadedTemplate[] = [];
  for (const stack of stacks) templates.push(await loadTemplate(stack.templateFile));
  const given = parametersByStack(options.parameters ?? {}, stacks, templates);

  const merged = new StackConfigs();
  const exports: Record<string, string> = {};
  const exporters = new Map<string, string>();
  const result: CdkConfig = { config: {}, notEmulated: [], notices: [], outputs: [], provisional: false, files: [...assembly.files], stacks: [] };
  const notice = (text: string) => {
    if (!result.notices.includes(text)) result.notices.push(text);
  };
  for (const [i, stack] of stacks.entries()) {
    const loaded = templates[i]!;
    await useAssets(loaded, stack);
    const { stacks: _selected, ...templateOptions } = options;
    const mapped = loadedTemplateConfig(loaded, {
      ...templateOptions,
      parameters: stackParameters(loaded, stack, given.get(stack) ?? {}),
      pseudo: { ...options.pseudo, stackName: stack.stackName },
      exports: { ...exports },
    });
    merged.add(mapped.config, stack, loaded);
    for (const item of mapped.notEmulated) {
      // CDK's version reporting resource does nothing an app relies on: left out quietly.
      if (item.type === 'AWS::CDK::Metadata') continue;
      if (item.type === 'AWS::CloudFormation::Stack') notice(`Nested stack ${item.logicalId} of stack ${stack.displayName} is not run: Eddy runs the stacks manifest.json lists, not nested stacks`);
      result.notEmulated.push(stacks.length > 1 ? { ...item, logicalId: `${stack.displayName}/${item.logicalId}` } : item);
    }
    mapped.notices.forEach(notice);
    const environment = otherEnvironment(stack, options);
    if (environment) notice(environment);
    for (const output of mapped.outputs) {
      if (output.exportName !== undefined) exportValue(output, stack, exports, exporters);
      result.outputs.push({ ...output, name: `${stack.stackName}.${output.name}` });
    }
    result.provisional ||= mapped.provisional;
    result.files.push(stack.templateFile);
    result.stacks.push(stack.stackName);
  }
  result.config = merged.config as EddyConfig;
  return result;
}

/** `Name=value` for every stack declaring Name; `Stack:Name=value` for that stack. A name no stack declares is an error. */
function parametersByStack(parameters: Readonly<Record<string, string>>, stacks: CdkStack[], templates: LoadedTemplate[]): Map<CdkStack, Record<string, string>> {
  const byStack = new Map<CdkStack, Record<string, string>>(stacks.map((s) => [s, {}]));
  const declares = (i: number, name: string) => isObject(templates[i]!.document['Parameters']) && Object.hasOwn(templates[i]!.document['Parameters'] as object, name);
  const unknown: string[] = [];
  for (const [key, value] of Object.entries(parameters)) {
    const colon = key.lastIndexOf(':');
    const stackName = colon > 0 ? key.slice(0, colon) : undefined;
    const name = colon > 0 ? key.slice(colon + 1) : key;
    let used = false;
    stacks.forEach((stack, i) => {
      const named = stackName === undefined || [stack.key, stack.stackName, stack.displayName].includes(stackName);
      if (named && declares(i, name)) {
        byStack.get(stack)![name] = value;
        used = true;
      }
    });
    if (!used) unknown.push(key);
  }
  if (unknown.length > 0) {
    const where = stacks[0]!.at;
    throw where.map.error(`Parameters: [${unknown.join(', ')}] do not exist in any stack of the CDK app (${stacks.map((s) => s.displayName).join(', ')})`, '/artifacts');
  }
  return byStack;
}

function exportValue(output: TemplateOutput, stack: CdkStack, exports: Record<string, string>, exporters: Map<string, string>): void {
  const name = output.exportName!;
  const other = exporters.get(name);
  if (other !== undefined) {
    // [unconfirmed] CloudFormation's text as commonly reported for an export name taken by another stack.
    throw new TemplateError(`Export with name ${name} is already exported by stack ${other}`, `/Outputs/${output.name}/Export/Name`, output.location);
  }
  exports[name] = output.value;
  exporters.set(name, stack.stackName);
}

/** A notice when a stack was synthesized for an account or region other than the one Eddy serves. */
function otherEnvironment(stack: CdkStack, options: CdkConfigOptions): string | undefined {
  const match = /^aws:\/\/(\d{12})\/([a-z0-9-]+)$/.exec(stack.environment ?? '');
  if (!match) return undefined;
  const [, account, region] = match;
  const { account: local, region: localRegion } = options.deployment;
  if (account === local && region === localRegion) return undefined;
  return `Stack ${stack.displayName} is synthesized for ${stack.environment}; Eddy runs it as account ${local} in ${localRegion} (ARNs written out in the template keep the account and region they name)`;
}
