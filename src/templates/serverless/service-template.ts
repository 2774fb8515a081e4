// A resolved serverless.yml → a SAM template: each function an AWS::Serverless::Function with SAM events, and
// `resources` (Resources, Outputs, Conditions, Mappings, extensions) merged in as CloudFormation (SEMANTICS.md H.3).
import type { LoadedTemplate, SourceMap } from '../cloudformation/index.js';
import { functionLogicalId, functionResource } from './function-resource.js';
import { GeneratedTemplate, isObject, type Json, type JsonObject, type Path } from './generated-template.js';
import type { ServiceSettings } from './service-function.js';

export interface ServiceTemplate {
  template: LoadedTemplate;
  service: string;
  stage: string;
  /** provider.stackName, else `<service>-<stage>` (naming.js getStackName). */
  stackName: string;
  /** What is accepted but not emulated (plugins, function URLs, authorizers, unknown event types). */
  notices: string[];
}

const SAM = 'AWS::Serverless-2016-10-31';
const MERGED_SECTIONS = ['Outputs', 'Conditions', 'Mappings'] as const;

export function serviceTemplate(document: JsonObject, source: SourceMap, serviceDir: string, stage: string): ServiceTemplate {
  const out = new GeneratedTemplate(source);
  const service = serviceName(document, out);
  const provider = isObject(document['provider']) ? document['provider'] : out.fail([], 'serverless.yml needs a "provider" map (name: aws)');
  if (provider['name'] !== 'aws') out.fail(['provider', 'name'], `Eddy runs serverless.yml files of provider "aws", not ${JSON.stringify(provider['name'] ?? null)}`);
  const plugins = pluginNames(document['plugins']);
  if (plugins.length > 0) out.notice(`plugins are ignored: ${plugins.join(', ')}`);

  const resourceBlocks = resourcesOf(document['resources'], out);
  const userResources: Record<string, Json> = {};
  for (const { value } of resourceBlocks) if (isObject(value['Resources'])) Object.assign(userResources, value['Resources']);
  const functions = document['functions'] ?? {};
  if (!isObject(functions)) out.fail(['functions'], 'functions must be a map of function name → settings');
  const settings: ServiceSettings = {
    service, stage, provider, userResources,
    functionIds: new Map(Object.keys(functions).map((key) => [key, functionLogicalId(key)])),
  };
  for (const [key, value] of Object.entries(functions)) functionResource(key, value, settings, serviceDir, out);

  for (const { value, from } of resourceBlocks) mergeResources(value, from, out);
  const result: JsonObject = { AWSTemplateFormatVersion: '2010-09-09', Transform: SAM, Resources: out.resources };
  for (const section of MERGED_SECTIONS) if (Object.keys(out.sections[section]).length > 0) result[section] = out.sections[section];
  return {
    template: { file: source.file, document: result, sourceMap: out.sourceMap, transforms: [SAM] },
    service,
    stage,
    stackName: typeof provider['stackName'] === 'string' ? provider['stackName'] : `${service}-${stage}`,
    notices: out.notices,
  };
}

function serviceName(document: JsonObject, out: GeneratedTemplate): string {
  const service = document['service'];
  // Framework v1 allowed `service: { name: … }`.
  const name = isObject(service) ? service['name'] : service;
  if (typeof name !== 'string' || name === '') return out.fail(['service'], 'serverless.yml needs a "service" name');
  return name;
}

/** `plugins: [a, b]` or `plugins: { modules: [a, b] }`. */
function pluginNames(plugins: Json | undefined): string[] {
  const list = isObject(plugins) ? plugins['modules'] : plugins;
  return Array.isArray(list) ? list.map(String) : [];
}

/** `resources` as one map or a list of maps (each often a `${file(…)}`), with where each came from. */
function resourcesOf(resources: Json | undefined, out: GeneratedTemplate): { value: JsonObject; from: Path }[] {
  if (resources === undefined || resources === null) return [];
  const blocks = Array.isArray(resources) ? resources.map((value, i) => ({ value, from: ['resources', i] })) : [{ value: resources, from: ['resources'] }];
  return blocks.map(({ value, from }) => (isObject(value) ? { value, from } : out.fail(from, 'resources must be a map with Resources (and Outputs, Conditions, …)')));
}

/** Resources / Outputs / Conditions / Mappings merged in (a generated id given again is deep-merged, as lodash merge does), then extensions. */
function mergeResources(block: JsonObject, from: Path, out: GeneratedTemplate): void {
  const resources = block['Resources'];
  if (resources !== undefined && !isObject(resources)) out.fail([...from, 'Resources'], 'Resources must be a map of logical id → resource');
  for (const [logicalId, resource] of Object.entries(resources ?? {})) {
    const at = [...from, 'Resources', logicalId];
    const existing = out.resources[logicalId];
    out.resources[logicalId] = (existing ? deepMerge(existing, resource) : resource) as JsonObject;
    out.copyLocations(['Resources', logicalId], at, resource);
  }
  for (const section of MERGED_SECTIONS) {
    const value = block[section];
    if (value === undefined || value === null) continue;
    if (!isObject(value)) out.fail([...from, section], `${section} must be a map`);
    for (const [key, item] of Object.entries(value)) {
      out.sections[section][key] = item;
      out.copyLocations([section, key], [...from, section, key], item);
    }
  }
  if (block['extensions'] !== undefined) extend(block['extensions'], [...from, 'extensions'], out);
}

const REPLACED_ATTRIBUTES = new Set(['Condition', 'DeletionPolicy', 'UpdatePolicy', 'UpdateReplacePolicy', 'CreationPolicy']);

/** `resources.extensions.<Id>` (H.3): Properties / Metadata merged key by key, DependsOn appended, policies replaced. */
function extend(extensions: Json, from: Path, out: GeneratedTemplate): void {
  if (!isObject(extensions)) return out.fail(from, 'extensions must be a map of logical id → attributes');
  for (const [logicalId, extension] of Object.entries(extensions)) {
    const at = [...from, logicalId];
    const resource = out.resources[logicalId];
    if (!resource) out.fail(at, `Cannot extend resource "${logicalId}": no resource of that id is generated or declared`);
    if (!isObject(extension)) out.fail(at, `The extension of "${logicalId}" must be a map`);
    for (const [attribute, value] of Object.entries(extension)) {
      if (attribute === 'Properties' || attribute === 'Metadata') {
        resource[attribute] = { ...(isObject(resource[attribute]) ? resource[attribute] : {}), ...(isObject(value) ? value : {}) };
      } else if (attribute === 'DependsOn') {
        const before = resource['DependsOn'] === undefined ? [] : [resource['DependsOn']].flat();
        resource['DependsOn'] = [...before, ...[value].flat()];
      } else if (REPLACED_ATTRIBUTES.has(attribute)) {
        resource[attribute] = value;
      } else {
        out.fail([...at, attribute], `Attribute "${attribute}" of resource "${logicalId}" cannot be extended (Properties, Metadata, DependsOn, ${[...REPLACED_ATTRIBUTES].join(', ')})`);
      }
      out.copyLocations(['Resources', logicalId, attribute], [...at, attribute], value);
    }
  }
}

function deepMerge(target: Json, source: Json): Json {
  if (isObject(target) && isObject(source)) {
    const merged: JsonObject = { ...target };
    for (const [key, value] of Object.entries(source)) merged[key] = key in merged ? deepMerge(merged[key]!, value) : value;
    return merged;
  }
  if (Array.isArray(target) && Array.isArray(source)) {
    const merged = [...target];
    source.forEach((value, i) => (merged[i] = i < target.length ? deepMerge(target[i]!, value) : value));
    return merged;
  }
  return source;
}
