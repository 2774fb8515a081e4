// The SAM template a serverless.yml becomes, with a source map whose pointers are the generated document's and
// whose lines are serverless.yml's: an error found later (SAM transform, resolution, mapping) names the line the
// user wrote.
import { pointerOf, SourceMap } from '../cloudformation/index.js';
import type { TemplateError } from '../cloudformation/template-error.js';

export type Path = readonly (string | number)[];
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** What the conversion reads (the resolved serverless.yml and its locations) and what it writes. */
export class GeneratedTemplate {
  readonly resources: Record<string, JsonObject> = {};
  readonly sections: { Outputs: JsonObject; Conditions: JsonObject; Mappings: JsonObject } = { Outputs: {}, Conditions: {}, Mappings: {} };
  readonly sourceMap: SourceMap;
  readonly notices: string[] = [];
  /** Locations in serverless.yml, by its own pointers. */
  readonly #source: SourceMap;

  constructor(source: SourceMap) {
    this.#source = source;
    this.sourceMap = new SourceMap(source.file);
  }

  /** Adds a resource whose location is that of `from` in serverless.yml (and of each of its parts, where `parts` say). */
  add(logicalId: string, resource: JsonObject, from: Path): void {
    this.resources[logicalId] = resource;
    this.locate(['Resources', logicalId], from);
  }

  /** Records that the generated `path` came from serverless.yml's `from`. */
  locate(path: Path, from: Path): void {
    const location = this.#source.locate(pointerOf(from));
    this.sourceMap.set(pointerOf(path), location.line, location.column);
  }

  /** A value copied as it is from `from` to `path`: each of its nodes keeps the line it has in serverless.yml. */
  copyLocations(path: Path, from: Path, value: unknown): void {
    const own = this.#source.get(pointerOf(from));
    if (own) this.sourceMap.set(pointerOf(path), own.line, own.column);
    else this.locate(path, from);
    if (value === null || typeof value !== 'object') return;
    for (const [key, child] of Object.entries(value)) {
      const index = Array.isArray(value) ? Number(key) : key;
      this.copyLocations([...path, index], [...from, index], child);
    }
  }

  /** A TemplateError at `from` in serverless.yml. */
  error(from: Path, detail: string): TemplateError {
    return this.#source.error(detail, pointerOf(from));
  }

  fail(from: Path, detail: string): never {
    throw this.error(from, detail);
  }

  notice(text: string): void {
    if (!this.notices.includes(text)) this.notices.push(text);
  }

  /** A logical id not yet taken: `id`, else `id2`, `id3`, … */
  freeId(id: string): string {
    if (!(id in this.resources)) return id;
    for (let n = 2; ; n++) if (!(`${id}${n}` in this.resources)) return `${id}${n}`;
  }
}

export function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A CloudFormation intrinsic (`{Ref}`, `{Fn::GetAtt}`, …): a one-key map whose key is Ref, Condition or Fn::*. */
export function isIntrinsic(value: unknown): value is JsonObject {
  if (!isObject(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0] === 'Condition' || keys[0]!.startsWith('Fn::'));
}

/** serverless naming.js getNormalizedFunctionName: upper first, `-` → Dash, `_` → Underscore. */
export function normalizedName(name: string): string {
  const replaced = name.replace(/-/g, 'Dash').replace(/_/g, 'Underscore');
  return replaced.charAt(0).toUpperCase() + replaced.slice(1);
}

/** naming.js normalizeNameToAlphaNumericOnly. */
export function alphaNumericName(name: string): string {
  const stripped = name.replace(/[^0-9A-Za-z]/g, '');
  return stripped.charAt(0).toUpperCase() + stripped.slice(1);
}
