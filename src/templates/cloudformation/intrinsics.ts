// Resolution of intrinsic functions inside a value (SEMANTICS.md H.2). Messages marked [O] there are
// CloudFormation's; others are marked unconfirmed. Errors carry the pointer of the function's node.
import { childPointer, type SourceMap } from './source-map.js';
import type { ParameterValue } from './parameters.js';
import { pseudoValue, type PseudoParameters } from './pseudo-parameters.js';
import { LIST_FUNCTIONS } from './intrinsic-functions.js';

/** Returned for `Ref: AWS::NoValue`: the enclosing key or list element is dropped. */
export const NO_VALUE: unique symbol = Symbol('AWS::NoValue');

/** What `Ref` and `Fn::GetAtt` of a resource give, as the caller's `valuesOf` answers them. */
export interface ResourceValues {
  ref: string | string[];
  attributes: Record<string, unknown>;
}

/** The section being resolved: references to resources are refused in Conditions, and errors name the block. */
export type TemplateBlock = 'Resources' | 'Outputs' | 'Conditions';

export interface IntrinsicContext {
  map: SourceMap;
  block: TemplateBlock;
  parameters: ReadonlyMap<string, ParameterValue>;
  pseudo: PseudoParameters;
  mappings: Record<string, unknown>;
  /** `Transform: AWS::LanguageExtensions`: Fn::Length, Fn::ToJsonString, FindInMap's DefaultValue. */
  languageExtensions: boolean;
  /** True when `name` is a resource of the template (whether or not its Condition holds). */
  isResource(name: string): boolean;
  /** The values of a resource already created, undefined when its Condition is false. */
  resource(name: string): ResourceValues | undefined;
  /** The value of a named condition (for Fn::If). */
  condition(name: string, pointer: string): boolean;
  /** Exported Outputs of stacks resolved before this one (a CDK app's): what Fn::ImportValue reads. */
  exports?: Readonly<Record<string, string>>;
}

export type Resolve = (value: unknown, pointer: string) => unknown;
export type IntrinsicFunction = (argument: unknown, pointer: string, ctx: IntrinsicContext, resolve: Resolve) => unknown;

const CONDITION_FUNCTIONS = new Set(['Fn::Equals', 'Fn::Not', 'Fn::And', 'Fn::Or']);

/** The name of the intrinsic `value` is (`Ref`, `Fn::Sub`, …), or undefined for a plain value. */
export function intrinsicName(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length !== 1) return undefined;
  const [key] = keys as [string];
  return key === 'Ref' || key.startsWith('Fn::') ? key : undefined;
}

/** Resolves every intrinsic in `value`; AWS::NoValue drops keys and list elements (and is returned at top level). */
export function resolveValue(value: unknown, pointer: string, ctx: IntrinsicContext): unknown {
  const resolve: Resolve = (inner, at) => resolveValue(inner, at, ctx);
  if (Array.isArray(value)) {
    return value.map((item, i) => resolve(item, childPointer(pointer, i))).filter((item) => item !== NO_VALUE);
  }
  if (value === null || typeof value !== 'object') return value;
  const name = intrinsicName(value);
  if (name === undefined) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const resolved = resolve(item, childPointer(pointer, key));
      if (resolved !== NO_VALUE) Object.defineProperty(out, key, { value: resolved, enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  const argument = (value as Record<string, unknown>)[name];
  const at = childPointer(pointer, name);
  const fn = FUNCTIONS[name] ?? LIST_FUNCTIONS[name];
  if (fn) return fn(argument, at, ctx, resolve);
  if (CONDITION_FUNCTIONS.has(name)) {
    throw ctx.map.error(`Template error: ${name} can only be used in the Conditions block or inside a condition`, at); // unconfirmed
  }
  // [unconfirmed] CloudFormation's wording, as commonly reported.
  throw ctx.map.error(`Template format error: Encountered unsupported function: ${name}`, at);
}

/** `Ref` of a name: parameter, pseudo parameter or resource (H.2 "Ref"). */
export function refValue(name: string, pointer: string, ctx: IntrinsicContext): unknown {
  if (name === 'AWS::NoValue') return NO_VALUE;
  const parameter = ctx.parameters.get(name);
  if (parameter !== undefined) return parameter;
  const pseudo = pseudoValue(name, ctx.pseudo);
  if (pseudo !== undefined) return pseudo;
  return resourceValues(name, pointer, ctx).ref;
}

function resourceValues(name: string, pointer: string, ctx: IntrinsicContext): ResourceValues {
  if (ctx.block === 'Conditions' && ctx.isResource(name)) {
    // [O] as quoted in aws-cloudformation/cfn-lint#99.
    throw ctx.map.error(`Template format error: Unresolved dependencies [${name}]. Cannot reference resources in the Conditions block of the template`, pointer);
  }
  const values = ctx.block === 'Conditions' ? undefined : ctx.resource(name);
  if (!values) throw ctx.map.error(`Template format error: Unresolved resource dependencies [${name}] in the ${ctx.block} block of the template`, pointer);
  return values;
}

/** `Fn::GetAtt` of a resource's attribute. */
export function attributeValue(id: string, attribute: string, pointer: string, ctx: IntrinsicContext): unknown {
  const values = resourceValues(id, pointer, ctx);
  if (!Object.hasOwn(values.attributes, attribute) || values.attributes[attribute] === undefined) {
    // [unconfirmed] the wording LocalStack reproduces (localstack/localstack#2372); AWS's own text not seen.
    throw ctx.map.error(`Template error: resource ${id} does not support attribute type ${attribute} in Fn::GetAtt`, pointer);
  }
  return values.attributes[attribute];
}

const GET_ATT_MALFORMED = 'Template error: every Fn::GetAtt object requires two non-empty parameters, the resource name and the resource attribute';

/** `[Id, Attr]` (Attr may be a Ref to a parameter) or `"Id.Attr"`; the id must be literal (H.2). */
export function getAttParts(argument: unknown, pointer: string, ctx: IntrinsicContext, resolve: Resolve): [string, string] {
  if (typeof argument === 'string') {
    const dot = argument.indexOf('.');
    if (dot > 0 && dot < argument.length - 1) return [argument.slice(0, dot), argument.slice(dot + 1)];
    throw ctx.map.error(GET_ATT_MALFORMED, pointer);
  }
  if (!Array.isArray(argument) || argument.length !== 2 || typeof argument[0] !== 'string' || argument[0] === '') {
    throw ctx.map.error(GET_ATT_MALFORMED, pointer);
  }
  const attribute = resolve(argument[1], childPointer(pointer, 1));
  if (typeof attribute !== 'string' || attribute === '') throw ctx.map.error(GET_ATT_MALFORMED, pointer);
  return [argument[0], attribute];
}

const SUB_MALFORMED =
  "Template error: One or more Fn::Sub intrinsic functions don't specify expected arguments. Specify a string as first argument, and an optional second argument to specify a mapping of values to replace in the string"; // unconfirmed

/** The variable names of a Sub text: `${Name}`, `${Id.Attr}`; `${!X}` is the literal `${X}`. */
export function subVariables(text: string): string[] {
  return [...text.matchAll(/\$\{([^}]*)\}/g)].map((m) => m[1]!).filter((name) => !name.startsWith('!')).map((name) => name.trim());
}

function sub(argument: unknown, pointer: string, ctx: IntrinsicContext, resolve: Resolve): string {
  const [text, variables] = Array.isArray(argument) ? argument : [argument, {}];
  if (typeof text !== 'string' || variables === null || typeof variables !== 'object' || Array.isArray(variables) || (Array.isArray(argument) && argument.length !== 2)) {
    throw ctx.map.error(SUB_MALFORMED, pointer);
  }
  const given = new Map<string, unknown>();
  for (const [name, value] of Object.entries(variables as Record<string, unknown>)) {
    given.set(name, resolve(value, childPointer(childPointer(pointer, 1), name)));
  }
  return text.replace(/\$\{([^}]*)\}/g, (whole, inner: string) => {
    if (inner.startsWith('!')) return `\${${inner.slice(1)}}`;
    const name = inner.trim();
    let value: unknown;
    if (given.has(name)) value = given.get(name);
    else if (name.includes('.') && !name.startsWith('AWS::')) {
      const dot = name.indexOf('.');
      value = attributeValue(name.slice(0, dot), name.slice(dot + 1), pointer, ctx);
    } else value = refValue(name, pointer, ctx);
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    // [unconfirmed] wording for a list or object substituted into text.
    if (typeof value !== 'string') throw ctx.map.error(`Template error: variable ${name} in Fn::Sub expression does not resolve to a string`, pointer);
    return value;
  });
}

const FUNCTIONS: Readonly<Record<string, IntrinsicFunction>> = {
  Ref: (argument, pointer, ctx) => {
    // [unconfirmed] wording for a Ref that is not a plain name.
    if (typeof argument !== 'string' || argument === '') throw ctx.map.error('Template format error: Every Ref object must have a single String value.', pointer);
    return refValue(argument, pointer, ctx);
  },
  'Fn::GetAtt': (argument, pointer, ctx, resolve) => {
    const [id, attribute] = getAttParts(argument, pointer, ctx, resolve);
    return attributeValue(id, attribute, pointer, ctx);
  },
  'Fn::Sub': sub,
  'Fn::If': (argument, pointer, ctx, resolve) => {
    if (!Array.isArray(argument) || argument.length !== 3 || typeof argument[0] !== 'string') {
      throw ctx.map.error('Template error: Fn::If requires a list argument with three elements', pointer); // unconfirmed
    }
    const chosen = ctx.condition(argument[0], childPointer(pointer, 0)) ? 1 : 2;
    return resolve(argument[chosen], childPointer(pointer, chosen));
  },
  'Fn::ImportValue': (argument, pointer, ctx, resolve) => {
    if (ctx.exports === undefined) throw ctx.map.error('Fn::ImportValue is not supported: there are no other stacks to export values locally', pointer);
    const name = resolve(argument, pointer);
    // [unconfirmed] wording for a name that is not text.
    if (typeof name !== 'string') throw ctx.map.error('Template error: the Fn::ImportValue argument must be an export name (a string)', pointer);
    if (Object.hasOwn(ctx.exports, name)) return ctx.exports[name];
    // [unconfirmed] CloudFormation's text as commonly reported when a stack imports what no stack exports.
    throw ctx.map.error(`No export named ${name} found${Object.keys(ctx.exports).length === 0 ? '' : ` (exported: ${Object.keys(ctx.exports).join(', ')})`}`, pointer);
  },
  'Fn::Transform': (argument, pointer, ctx) => {
    const name = argument !== null && typeof argument === 'object' && 'Name' in argument ? String((argument as { Name: unknown }).Name) : '?';
    throw ctx.map.error(`Fn::Transform is not supported: Eddy runs no CloudFormation macros (${name})`, pointer);
  },
};
