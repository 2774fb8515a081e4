// The list and text intrinsics: Join, Select, Split, FindInMap, GetAZs, Base64, Cidr, and the
// LanguageExtensions functions Length and ToJsonString (SEMANTICS.md H.2; [O] messages are AWS's).
import { cidrBlocks } from './cidr.js';
import type { IntrinsicContext, IntrinsicFunction, Resolve } from './intrinsics.js';
import { childPointer } from './source-map.js';

const JOIN_MALFORMED =
  'Template error: every Fn::Join object requires two parameters, (1) a string delimiter and (2) a list of strings to be joined or a function that returns a list of strings (such as Fn::GetAZs) to be joined.'; // unconfirmed
const SPLIT_MALFORMED =
  'Template error: every Fn::Split object requires two parameters, (1) a string delimiter and (2) a string to be split or a function that returns a string to be split.';
const SELECT_MALFORMED = 'Template error: Fn::Select requires a list argument with two elements: an integer index and a list';
const FIND_IN_MAP_MALFORMED =
  'Template error: every Fn::FindInMap object requires three parameters, the map name, map key and the attribute for return value'; // unconfirmed

function pair(argument: unknown): argument is [unknown, unknown] {
  return Array.isArray(argument) && argument.length === 2;
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
}

function needsLanguageExtensions(name: string, pointer: string, ctx: IntrinsicContext): void {
  if (!ctx.languageExtensions) {
    // [unconfirmed] wording; H.2: Length and ToJsonString need Transform: AWS::LanguageExtensions.
    throw ctx.map.error(`Template format error: Encountered unsupported function: ${name} (it needs Transform: AWS::LanguageExtensions)`, pointer);
  }
}

function findInMap(argument: unknown, pointer: string, ctx: IntrinsicContext, resolve: Resolve): unknown {
  const withDefault = ctx.languageExtensions && Array.isArray(argument) && argument.length === 4;
  if (!Array.isArray(argument) || (argument.length !== 3 && !withDefault)) throw ctx.map.error(FIND_IN_MAP_MALFORMED, pointer);
  const keys = argument.slice(0, 3).map((key, i) => text(resolve(key, childPointer(pointer, i))));
  if (keys.some((key) => key === undefined)) throw ctx.map.error(FIND_IN_MAP_MALFORMED, pointer);
  const [mapName, top, second] = keys as [string, string, string];
  const lookup = (record: unknown, key: string): unknown =>
    record !== null && typeof record === 'object' && !Array.isArray(record) && Object.hasOwn(record, key) ? (record as Record<string, unknown>)[key] : undefined;
  const found = lookup(lookup(lookup(ctx.mappings, mapName), top), second);
  if (found !== undefined) return found;
  if (withDefault) {
    const options = argument[3];
    if (options !== null && typeof options === 'object' && Object.hasOwn(options, 'DefaultValue')) {
      return resolve((options as Record<string, unknown>)['DefaultValue'], childPointer(childPointer(pointer, 3), 'DefaultValue'));
    }
    throw ctx.map.error(FIND_IN_MAP_MALFORMED, pointer);
  }
  throw ctx.map.error(`Template error: Unable to get mapping for ${mapName}::${top}::${second}`, pointer);
}

export const LIST_FUNCTIONS: Readonly<Record<string, IntrinsicFunction>> = {
  'Fn::Join': (argument, pointer, ctx, resolve) => {
    if (!pair(argument) || typeof argument[0] !== 'string') throw ctx.map.error(JOIN_MALFORMED, pointer);
    const list = resolve(argument[1], childPointer(pointer, 1));
    if (!Array.isArray(list)) throw ctx.map.error(JOIN_MALFORMED, pointer);
    const parts = list.map(text);
    if (parts.some((part) => part === undefined)) throw ctx.map.error(JOIN_MALFORMED, pointer);
    return parts.join(argument[0]);
  },
  'Fn::Split': (argument, pointer, ctx, resolve) => {
    if (!pair(argument) || typeof argument[0] !== 'string' || argument[0] === '') throw ctx.map.error(SPLIT_MALFORMED, pointer);
    const source = resolve(argument[1], childPointer(pointer, 1));
    if (typeof source !== 'string') throw ctx.map.error(SPLIT_MALFORMED, pointer);
    return source.split(argument[0]); // a literal delimiter; "a||c|" by "|" → ["a", "", "c", ""]
  },
  'Fn::Select': (argument, pointer, ctx, resolve) => {
    if (!pair(argument)) throw ctx.map.error(SELECT_MALFORMED, pointer);
    const index = resolve(argument[0], childPointer(pointer, 0));
    const list = resolve(argument[1], childPointer(pointer, 1));
    const i = typeof index === 'number' ? index : typeof index === 'string' && /^\d+$/.test(index.trim()) ? Number(index) : NaN;
    if (!Number.isInteger(i) || i < 0 || !Array.isArray(list)) throw ctx.map.error(SELECT_MALFORMED, pointer);
    if (i >= list.length) throw ctx.map.error(`Template error: Fn::Select cannot select nonexistent value at index ${i}`, pointer);
    return list[i];
  },
  'Fn::FindInMap': findInMap,
  'Fn::GetAZs': (argument, pointer, ctx, resolve) => {
    const region = resolve(argument, pointer);
    if (typeof region !== 'string') throw ctx.map.error('Template error: Fn::GetAZs requires a region name or an empty string', pointer); // unconfirmed
    const name = region === '' ? ctx.pseudo.region : region;
    return ['a', 'b', 'c'].map((zone) => `${name}${zone}`); // locally three zones (H.2)
  },
  'Fn::Base64': (argument, pointer, ctx, resolve) => {
    const value = text(resolve(argument, pointer));
    if (value === undefined) throw ctx.map.error('Template error: Fn::Base64 requires a string', pointer); // unconfirmed
    return Buffer.from(value, 'utf8').toString('base64');
  },
  'Fn::Cidr': (argument, pointer, ctx, resolve) => {
    const malformed = 'Template error: Fn::Cidr requires a list of three elements: an IP block, a count and the subnet mask bits'; // unconfirmed
    if (!Array.isArray(argument) || argument.length !== 3) throw ctx.map.error(malformed, pointer);
    const [block, count, bits] = argument.map((item, i) => text(resolve(item, childPointer(pointer, i))));
    if (block === undefined || count === undefined || bits === undefined) throw ctx.map.error(malformed, pointer);
    const result = cidrBlocks(block, Number(count), Number(bits));
    if (typeof result === 'string') throw ctx.map.error(`Template error: Fn::Cidr ${result}`, pointer); // unconfirmed
    return result;
  },
  'Fn::Length': (argument, pointer, ctx, resolve) => {
    needsLanguageExtensions('Fn::Length', pointer, ctx);
    const list = resolve(argument, pointer);
    if (!Array.isArray(list)) throw ctx.map.error('Template error: Fn::Length requires a list or a function that returns a list', pointer); // unconfirmed
    return list.length;
  },
  'Fn::ToJsonString': (argument, pointer, ctx, resolve) => {
    needsLanguageExtensions('Fn::ToJsonString', pointer, ctx);
    const value = resolve(argument, pointer);
    if (value === null || typeof value !== 'object') {
      throw ctx.map.error('Template error: Fn::ToJsonString requires an object or a list', pointer); // unconfirmed
    }
    return JSON.stringify(value); // compact JSON (H.2)
  },
};
