// Parameter values from Default and the caller's overrides (`--parameter Key=Value`), checked the way
// CloudFormation checks them (SEMANTICS.md H.2 "Parameters"). Messages marked [O] in H.2 are
// CloudFormation's; the length and range messages are unconfirmed.
import { childPointer, type SourceMap } from './source-map.js';
import { isObject } from './template-checks.js';
import type { TemplateDocument } from './template-source.js';

/** A parameter's value as `Ref` returns it: Number → string, list types → string lists. */
export type ParameterValue = string | string[];

export interface ResolvedParameters {
  values: Map<string, ParameterValue>;
  /** Names of NoEcho parameters: print their values as `****`. */
  noEcho: Set<string>;
}

const SSM_VALUE = /^AWS::SSM::Parameter::Value<(.+)>$/;

/**
 * Resolves every parameter of `document`: an override wins over Default; overrides naming no parameter,
 * parameters with neither, and values breaking a constraint are errors. An SSM value parameter
 * (`AWS::SSM::Parameter::Value<…>`) needs an override: its Default names a Parameter Store entry Eddy
 * cannot read, so the override is taken as the value itself (an Eddy choice, not AWS behaviour).
 */
export function resolveParameters(document: TemplateDocument, overrides: Readonly<Record<string, string>>, map: SourceMap): ResolvedParameters {
  const declared = isObject(document['Parameters']) ? document['Parameters'] : {};
  const strangers = Object.keys(overrides).filter((name) => !Object.hasOwn(declared, name));
  // [O] in public reports (aws-samples/amazon-ec2-image-builder-samples#18).
  if (strangers.length > 0) throw map.error(`Parameters: [${strangers.join(', ')}] do not exist in the template`, '/Parameters');
  const values = new Map<string, ParameterValue>();
  const noEcho = new Set<string>();
  const missing: string[] = [];
  for (const [name, declaration] of Object.entries(declared)) {
    const parameter = declaration as Record<string, unknown>;
    const pointer = childPointer('/Parameters', name);
    const type = String(parameter['Type']);
    if (parameter['NoEcho'] === true || parameter['NoEcho'] === 'true') noEcho.add(name);
    const override = Object.hasOwn(overrides, name) ? overrides[name] : undefined;
    if (SSM_VALUE.test(type) && override === undefined) {
      throw map.error(
        `Parameter '${name}' is of type ${type}: Eddy cannot read SSM Parameter Store` +
          `${parameter['Default'] !== undefined ? ` (its Default '${scalarText(parameter['Default'])}' names a Parameter Store entry)` : ''}; ` +
          `give its value with --parameter ${name}=<value>`,
        pointer,
      );
    }
    const raw = override ?? (parameter['Default'] === undefined ? undefined : scalarText(parameter['Default']));
    if (raw === undefined) {
      missing.push(name);
      continue;
    }
    const at = override !== undefined ? pointer : childPointer(pointer, 'Default');
    values.set(name, checkValue(name, type, raw, parameter, at, map, pointer));
  }
  if (missing.length > 0) throw map.error(`Parameters: [${missing.join(', ')}] must have values`, childPointer('/Parameters', missing[0]!));
  return { values, noEcho };
}

/** A Default written as a number, boolean or list (`Default: [a, b]`) becomes the text CloudFormation would see. */
function scalarText(value: unknown): string {
  if (Array.isArray(value)) return value.map(scalarText).join(',');
  return value === null ? '' : String(value);
}

function checkValue(
  name: string,
  type: string,
  raw: string,
  parameter: Record<string, unknown>,
  pointer: string,
  map: SourceMap,
  declaration: string,
): ParameterValue {
  const fail = (detail: string) => {
    const description = parameter['ConstraintDescription'];
    return map.error(typeof description === 'string' ? `${detail} (${description})` : detail, pointer);
  };
  const isList = type === 'CommaDelimitedList' || type === 'List<Number>' || type.startsWith('List<');
  // List members are trimmed (H.2); an empty text is an empty list.
  const items = isList ? (raw === '' ? [] : raw.split(',').map((item) => item.trim())) : [raw];
  const numeric = type === 'Number' || type === 'List<Number>';
  for (const item of items) {
    if (numeric && (item.trim() === '' || !Number.isFinite(Number(item)))) throw fail(`Parameter '${name}' must be a number.`);
    const allowed = parameter['AllowedValues'];
    if (Array.isArray(allowed) && !allowed.some((value) => scalarText(value) === item || (numeric && Number(value) === Number(item)))) {
      throw fail(`Parameter '${name}' must be one of AllowedValues`);
    }
    const pattern = parameter['AllowedPattern'];
    if (typeof pattern === 'string' && !fullMatch(pattern, item, childPointer(declaration, 'AllowedPattern'), map)) {
      // AWS's documented text; with a ConstraintDescription AWS shows that instead of "must match pattern …".
      const description = parameter['ConstraintDescription'];
      throw map.error(`Malformed input-Parameter ${name} ${typeof description === 'string' ? description : `must match pattern ${pattern}`}`, pointer);
    }
    const minLength = numberOf(parameter['MinLength']);
    const maxLength = numberOf(parameter['MaxLength']);
    if (minLength !== undefined && item.length < minLength) throw fail(`Parameter '${name}' must contain at least ${minLength} characters`);
    if (maxLength !== undefined && item.length > maxLength) throw fail(`Parameter '${name}' must contain at most ${maxLength} characters`);
    const minValue = numberOf(parameter['MinValue']);
    const maxValue = numberOf(parameter['MaxValue']);
    if (numeric && minValue !== undefined && Number(item) < minValue) throw fail(`Parameter '${name}' must be a number not less than ${minValue}`);
    if (numeric && maxValue !== undefined && Number(item) > maxValue) throw fail(`Parameter '${name}' must be a number not greater than ${maxValue}`);
  }
  return isList ? items : raw;
}

function numberOf(value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/** AllowedPattern must match the whole value (H.2). */
function fullMatch(pattern: string, value: string, pointer: string, map: SourceMap): boolean {
  let regex: RegExp;
  try {
    regex = new RegExp(`^(?:${pattern})$`, 'u');
  } catch {
    throw map.error(`Template format error: AllowedPattern ${pattern} is not a valid regular expression`, pointer); // unconfirmed
  }
  return regex.test(value);
}
