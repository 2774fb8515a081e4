// The structural checks CloudFormation makes before it resolves anything (SEMANTICS.md H.2 "Template").
// Messages marked [O] there are CloudFormation's; the others are marked unconfirmed where they appear.
import { childPointer, type SourceMap } from './source-map.js';
import type { TemplateDocument } from './template-source.js';

const SECTIONS = new Set([
  'AWSTemplateFormatVersion', 'Description', 'Metadata', 'Parameters', 'Rules', 'Mappings', 'Conditions',
  'Transform', 'Resources', 'Outputs',
  'Globals', // SAM's section, removed by the SAM transform
]);
const RESOURCE_KEYS = new Set([
  'Type', 'Properties', 'DependsOn', 'Condition', 'Metadata', 'DeletionPolicy', 'UpdateReplacePolicy',
  'UpdatePolicy', 'CreationPolicy', 'Version', 'Description',
]);
const RESOURCE_TYPE = /^(?:[A-Za-z0-9]+::[A-Za-z0-9]+::[A-Za-z0-9]+|Custom::[A-Za-z0-9_@-]+)$/;
const LOGICAL_ID = /^[A-Za-z0-9]+$/;

/** True for a parameter Type CloudFormation accepts (String, Number, lists, AWS-specific and SSM types). */
export function isParameterType(type: unknown): type is string {
  return typeof type === 'string'
    && (/^(?:String|Number|List<Number>|CommaDelimitedList)$/.test(type)
      || /^(?:List<)?AWS::[A-Za-z0-9]+::[A-Za-z0-9:]+>?$/.test(type)
      || /^AWS::SSM::Parameter::Value<.+>$/.test(type));
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Throws the first structural problem of `document` as a TemplateError with its location. */
export function checkTemplate(document: TemplateDocument, map: SourceMap): void {
  const unknown = Object.keys(document).filter((key) => !SECTIONS.has(key));
  // [unconfirmed] CloudFormation's text for an unknown top-level key, as commonly reported.
  if (unknown.length > 0) throw map.error(`Template format error: Invalid template property or properties [${unknown.join(', ')}]`, `/${unknown[0]}`);
  checkResources(document, map);
  checkParameters(document, map);
  checkOutputs(document, map);
  for (const section of ['Mappings', 'Conditions'] as const) {
    const value = document[section];
    if (value !== undefined && !isObject(value)) throw map.error(`Template format error: ${section} must be an object.`, `/${section}`); // unconfirmed
  }
}

function checkResources(document: TemplateDocument, map: SourceMap): void {
  const resources = document['Resources'];
  if (!isObject(resources) || Object.keys(resources).length === 0) {
    throw map.error('Template format error: At least one Resources member must be defined.', resources === undefined ? '' : '/Resources');
  }
  const unrecognized: string[] = [];
  let firstUnrecognized = '';
  for (const [id, resource] of Object.entries(resources)) {
    const pointer = childPointer('/Resources', id);
    // [unconfirmed] as CloudFormation is reported to word it.
    if (!LOGICAL_ID.test(id)) throw map.error(`Template format error: Resource name ${id} is non alphanumeric.`, pointer);
    // [O] in a public report (serverless/serverless#1443).
    if (!isObject(resource)) throw map.error('Template format error: Every Resources member must be an object.', pointer);
    if (typeof resource['Type'] !== 'string' || resource['Type'] === '') {
      throw map.error(`Template format error: [${pointer}] Every Resources object must contain a Type member.`, pointer);
    }
    for (const key of Object.keys(resource)) {
      // [O] in public reports (cloudtools/troposphere#140: "Invalid template resource property 'OptionSettings'").
      if (!RESOURCE_KEYS.has(key)) throw map.error(`Template format error: Invalid template resource property '${key}'`, childPointer(pointer, key));
    }
    if (!RESOURCE_TYPE.test(resource['Type'])) {
      if (!unrecognized.includes(resource['Type'])) unrecognized.push(resource['Type']);
      firstUnrecognized ||= childPointer(pointer, 'Type');
    }
    const properties = resource['Properties'];
    if (properties !== undefined && !isObject(properties)) {
      throw map.error(`Template format error: [${pointer}] Properties must be an object.`, childPointer(pointer, 'Properties')); // unconfirmed
    }
    checkDependsOn(resource['DependsOn'], resources, childPointer(pointer, 'DependsOn'), map);
    checkConditionName(resource['Condition'], document, childPointer(pointer, 'Condition'), map);
  }
  if (unrecognized.length > 0) throw map.error(`Template format error: Unrecognized resource types: [${unrecognized.join(', ')}]`, firstUnrecognized);
}

function checkDependsOn(dependsOn: unknown, resources: Record<string, unknown>, pointer: string, map: SourceMap): void {
  if (dependsOn === undefined) return;
  const names = Array.isArray(dependsOn) ? dependsOn : [dependsOn];
  names.forEach((name, i) => {
    const at = Array.isArray(dependsOn) ? childPointer(pointer, i) : pointer;
    // [unconfirmed] wording for a DependsOn that is not a name.
    if (typeof name !== 'string') throw map.error('Template format error: DependsOn must be a resource name or a list of resource names.', at);
    if (!Object.hasOwn(resources, name)) throw map.error(`Template format error: Unresolved resource dependencies [${name}] in the Resources block of the template`, at);
  });
}

/** A resource's or output's `Condition:` must name a condition of the Conditions section. */
function checkConditionName(condition: unknown, document: TemplateDocument, pointer: string, map: SourceMap): void {
  if (condition === undefined) return;
  const conditions = document['Conditions'];
  if (typeof condition !== 'string' || !isObject(conditions) || !Object.hasOwn(conditions, condition)) {
    // [unconfirmed] CloudFormation's exact text; Fn::If's equivalent is "unresolved condition dependency X in Fn::If" [O].
    throw map.error(`Template format error: Unresolved condition dependency ${String(condition)}: it is not defined in the Conditions block of the template`, pointer);
  }
}

function checkParameters(document: TemplateDocument, map: SourceMap): void {
  const parameters = document['Parameters'];
  if (parameters === undefined) return;
  if (!isObject(parameters)) throw map.error('Template format error: Parameters must be an object.', '/Parameters'); // unconfirmed
  for (const [name, parameter] of Object.entries(parameters)) {
    const pointer = childPointer('/Parameters', name);
    if (!isObject(parameter) || parameter['Type'] === undefined) {
      throw map.error('Template format error: Every Parameters object must contain a Type member.', pointer); // [O] bridgecrewio/checkov#2965
    }
    if (!isParameterType(parameter['Type'])) {
      throw map.error(`Template format error: Unrecognized parameter type: ${String(parameter['Type'])}`, childPointer(pointer, 'Type')); // unconfirmed
    }
  }
}

function checkOutputs(document: TemplateDocument, map: SourceMap): void {
  const outputs = document['Outputs'];
  if (outputs === undefined) return;
  if (!isObject(outputs)) throw map.error('Template format error: Outputs must be an object.', '/Outputs'); // unconfirmed
  for (const [name, output] of Object.entries(outputs)) {
    const pointer = childPointer('/Outputs', name);
    if (!isObject(output) || !Object.hasOwn(output, 'Value')) {
      throw map.error('Template format error: Every Outputs member must contain a Value object', pointer); // [O] aws-samples/aws-iot-chat-example#1
    }
    checkConditionName(output['Condition'], document, childPointer(pointer, 'Condition'), map);
  }
}
