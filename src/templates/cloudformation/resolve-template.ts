// Resolves a loaded (possibly transformed) template: parameters, conditions, then each resource in
// dependency order, asking the caller what Ref and Fn::GetAtt of a resource give, then the outputs.
import { ConditionEvaluator } from './conditions.js';
import { creationOrder, referencedNames } from './dependencies.js';
import { NO_VALUE, resolveValue, type IntrinsicContext, type ResourceValues, type TemplateBlock } from './intrinsics.js';
import { resolveParameters, type ParameterValue } from './parameters.js';
import { PSEUDO_NAMES, pseudoParameters, type PseudoParameters } from './pseudo-parameters.js';
import { childPointer } from './source-map.js';
import { checkTemplate, isObject } from './template-checks.js';
import type { SourceLocation } from './template-error.js';
import { transformsOf, type LoadedTemplate } from './template-source.js';

/**
 * What `Ref` and `Fn::GetAtt` of a resource give, asked once per created resource, after its
 * properties are resolved (so a table's Ref can be its resolved TableName). An attribute missing from
 * `attributes` is CloudFormation's "does not support attribute type" error where it is used.
 */
export type ValuesOf = (logicalId: string, type: string, properties: Record<string, unknown>, pseudo: PseudoParameters) => ResourceValues;

export interface ResolveOptions {
  /** Parameter overrides (`--parameter Key=Value`), as text; list types comma-separated. */
  parameters?: Readonly<Record<string, string>>;
  /** Account, region, stack name, … (defaults: Eddy's deployment, stack `eddy`). */
  pseudo?: Partial<PseudoParameters>;
  /** Defaults to `placeholderValues`. */
  valuesOf?: ValuesOf;
  /**
   * Export name → value of the stacks resolved before this one (a CDK app's stacks, in dependency order):
   * what Fn::ImportValue gives. Without it, Fn::ImportValue is an error.
   */
  exports?: Readonly<Record<string, string>>;
}

export interface TemplateResource {
  logicalId: string;
  type: string;
  /** Properties with every intrinsic resolved and AWS::NoValue keys dropped (`{}` when absent). */
  properties: Record<string, unknown>;
  /** Explicit DependsOn names (references are implied by the order). */
  dependsOn: string[];
  condition: string | undefined;
  /** As written: CloudFormation does not resolve intrinsics in Metadata. */
  metadata: unknown;
  deletionPolicy: string | undefined;
  /** What valuesOf answered: Ref and GetAtt of this resource. */
  values: ResourceValues;
  location: SourceLocation;
}

export interface TemplateOutput {
  name: string;
  value: string;
  description: string | undefined;
  exportName: string | undefined;
  location: SourceLocation;
}

export interface ResolvedTemplate {
  file: string;
  /** Created resources in creation order (dependencies first). */
  resources: TemplateResource[];
  /** Logical ids whose Condition is false. */
  skipped: string[];
  /** Outputs whose Condition holds, in template order. */
  outputs: TemplateOutput[];
  parameters: { values: Record<string, ParameterValue>; noEcho: string[] };
  conditions: Record<string, boolean>;
  pseudo: PseudoParameters;
  transforms: string[];
}

const KNOWN_TRANSFORMS = new Set(['AWS::Serverless-2016-10-31', 'AWS::LanguageExtensions']);

/** The default ValuesOf: Ref is the logical id, the only attribute a placeholder `Arn` (`arn:…:eddy:…:not-emulated/TYPE/ID`). */
export function placeholderValues(logicalId: string, type: string, _properties: Record<string, unknown>, pseudo: PseudoParameters): ResourceValues {
  return { ref: logicalId, attributes: { Arn: `arn:${pseudo.partition}:eddy:${pseudo.region}:${pseudo.accountId}:not-emulated/${type}/${logicalId}` } };
}

const PLACEHOLDER = /^arn:[^:]*:eddy:[^:]*:[^:]*:not-emulated\/(.+)\/([^/]+)$/;

/** The resource type and logical id a placeholder ARN of `placeholderValues` stands for; undefined for any other value. */
export function placeholderOf(value: string): { type: string; logicalId: string } | undefined {
  const found = PLACEHOLDER.exec(value);
  return found ? { type: found[1]!, logicalId: found[2]! } : undefined;
}

/** Resolves `loaded.document` (SEMANTICS.md H.2). Every error is a TemplateError naming file:line and the JSON path. */
export function resolveTemplate(loaded: LoadedTemplate, options: ResolveOptions = {}): ResolvedTemplate {
  const { document, sourceMap: map } = loaded;
  checkTemplate(document, map);
  const transforms = transformsOf(document);
  const macro = transforms.find((t) => !KNOWN_TRANSFORMS.has(t));
  if (macro) throw map.error(`Transform ${macro} is not supported: Eddy runs no CloudFormation macros`, '/Transform');
  const pseudo = pseudoParameters(options.pseudo);
  const parameters = resolveParameters(document, options.parameters ?? {}, map);
  const conditions = new ConditionEvaluator(document['Conditions'], map);
  const declared = document['Resources'] as Record<string, Record<string, unknown>>;
  const created = new Map<string, ResourceValues>();
  const context = (block: TemplateBlock): IntrinsicContext => ({
    map, block, pseudo, parameters: parameters.values,
    mappings: isObject(document['Mappings']) ? document['Mappings'] : {},
    languageExtensions: transforms.includes('AWS::LanguageExtensions'),
    isResource: (name) => Object.hasOwn(declared, name),
    resource: (name) => created.get(name),
    condition: (name, pointer) => conditions.value(name, pointer),
    ...(options.exports ? { exports: options.exports } : {}),
  });
  conditions.useContext(context('Conditions'));
  const conditionValues = conditions.all();

  const known = (name: string) => parameters.values.has(name) || (PSEUDO_NAMES as readonly string[]).includes(name) || Object.hasOwn(declared, name);
  const holds = (condition: unknown, pointer: string) => condition === undefined || conditions.value(String(condition), pointer, 'Condition');
  const included: { logicalId: string; needs: string[] }[] = [];
  const skipped: string[] = [];
  for (const [logicalId, resource] of Object.entries(declared)) {
    const pointer = childPointer('/Resources', logicalId);
    const references = referencedNames(resource['Properties'], childPointer(pointer, 'Properties'));
    for (const [name, at] of references) {
      if (!known(name)) throw map.error(`Template format error: Unresolved resource dependencies [${name}] in the Resources block of the template`, at);
    }
    if (!holds(resource['Condition'], childPointer(pointer, 'Condition'))) {
      skipped.push(logicalId);
      continue;
    }
    const needs = [...references.keys()].filter((name) => Object.hasOwn(declared, name));
    included.push({ logicalId, needs: [...dependsOnOf(resource), ...needs] });
  }
  for (const { logicalId } of included) {
    // A DependsOn on a resource whose Condition is false leaves nothing to wait for: CloudFormation refuses it.
    const dependsOn = declared[logicalId]!['DependsOn'];
    const at = childPointer(childPointer('/Resources', logicalId), 'DependsOn');
    dependsOnOf(declared[logicalId]!).forEach((name, i) => {
      if (!skipped.includes(name)) return;
      const pointer = Array.isArray(dependsOn) ? childPointer(at, i) : at;
      throw map.error(`Template format error: Unresolved resource dependencies [${name}] in the Resources block of the template`, pointer);
    });
  }

  const resources: TemplateResource[] = [];
  const valuesOf = options.valuesOf ?? placeholderValues;
  const resolveIn = context('Resources');
  for (const logicalId of creationOrder(included, map)) {
    const resource = declared[logicalId]!;
    const pointer = childPointer('/Resources', logicalId);
    const resolved = resolveValue(resource['Properties'] ?? {}, childPointer(pointer, 'Properties'), resolveIn);
    const properties = resolved === NO_VALUE || !isObject(resolved) ? {} : resolved;
    const type = String(resource['Type']);
    const values = valuesOf(logicalId, type, properties, pseudo);
    created.set(logicalId, values);
    resources.push({
      logicalId, type, properties, values,
      dependsOn: dependsOnOf(resource),
      condition: resource['Condition'] === undefined ? undefined : String(resource['Condition']),
      metadata: resource['Metadata'],
      deletionPolicy: typeof resource['DeletionPolicy'] === 'string' ? resource['DeletionPolicy'] : undefined,
      location: map.locate(pointer),
    });
  }

  const outputs = resolveOutputs(loaded, context('Outputs'), known, holds);
  return {
    file: loaded.file, resources, skipped, outputs,
    parameters: { values: Object.fromEntries(parameters.values), noEcho: [...parameters.noEcho] },
    conditions: conditionValues, pseudo, transforms,
  };
}

function dependsOnOf(resource: Record<string, unknown>): string[] {
  const dependsOn = resource['DependsOn'];
  return dependsOn === undefined ? [] : (Array.isArray(dependsOn) ? dependsOn : [dependsOn]).map(String);
}

function resolveOutputs(
  loaded: LoadedTemplate,
  ctx: IntrinsicContext,
  known: (name: string) => boolean,
  holds: (condition: unknown, pointer: string) => boolean,
): TemplateOutput[] {
  const declared = isObject(loaded.document['Outputs']) ? loaded.document['Outputs'] : {};
  const outputs: TemplateOutput[] = [];
  for (const [name, output] of Object.entries(declared as Record<string, Record<string, unknown>>)) {
    const pointer = childPointer('/Outputs', name);
    for (const [ref, at] of referencedNames(output, pointer)) {
      if (!known(ref)) throw ctx.map.error(`Template format error: Unresolved resource dependencies [${ref}] in the Outputs block of the template`, at);
    }
    if (!holds(output['Condition'], childPointer(pointer, 'Condition'))) continue;
    const value = outputText(resolveValue(output['Value'], childPointer(pointer, 'Value'), ctx), childPointer(pointer, 'Value'), ctx);
    const exported = isObject(output['Export']) ? resolveValue(output['Export']['Name'], childPointer(childPointer(pointer, 'Export'), 'Name'), ctx) : undefined;
    outputs.push({
      name,
      value,
      description: typeof output['Description'] === 'string' ? output['Description'] : undefined,
      exportName: typeof exported === 'string' ? exported : undefined,
      location: ctx.map.locate(pointer),
    });
  }
  return outputs;
}

/**
 * An output's Value must come out as text: a list → "must evaluate to a String and not a List"
 * (aws-cloudformation/cfn-lint#485), a boolean or object → "Every Value member must be a string."
 * (cfn-lint#3013), both [O] as quoted there. A number becomes its text (unconfirmed).
 */
function outputText(value: unknown, pointer: string, ctx: IntrinsicContext): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) throw ctx.map.error('Template format error: The Value field of every Outputs member must evaluate to a String and not a List.', pointer);
  throw ctx.map.error('Template format error: Every Value member must be a string.', pointer);
}
