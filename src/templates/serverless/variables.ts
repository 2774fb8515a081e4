// Resolves every variable of a serverless.yml (SEMANTICS.md H.3 "Variables"): values only, never keys; nested
// variables inside-out; a fallback when a source has no value; `self` references resolved first, cycles refused.
// Error texts follow serverless/serverless lib/configuration/variables/resolve.js, behind serverless.yml:line:column.
import { pointerOf, type SourceMap } from '../cloudformation/index.js';
import type { TemplateError } from '../cloudformation/template-error.js';
import { SourceError, type VariableSources } from './variable-sources.js';
import { parseVariables, VariableSyntaxError, type Variable, type VariableText } from './variable-syntax.js';

type Path = (string | number)[];

/** How many times a value that resolves to more variables is resolved again (a file holding `${…}`). */
const MAX_REPARSE = 10;

export class VariableResolver {
  readonly #root: { value: unknown };
  readonly #map: SourceMap;
  readonly #sources: VariableSources;
  readonly #done = new Set<string>();
  readonly #inProgress: string[] = [];

  constructor(document: unknown, map: SourceMap, sources: VariableSources) {
    this.#root = { value: document };
    this.#map = map;
    this.#sources = sources;
  }

  /** The document with every variable resolved. */
  resolveAll(): unknown {
    this.#resolveNode([]);
    return this.#root.value;
  }

  /** The resolved value at a dotted address (`provider.stage`), for `self:` and `sls:stage`. */
  self(address: string, from: Path): unknown {
    const keys = address === '' ? [] : address.split('.');
    const path: Path = [];
    let current = this.#root.value;
    for (const key of keys) {
      if (typeof current === 'string' && parseVariables(current).length > 0) current = this.#resolveNode(path, from);
      if (current === null || typeof current !== 'object') return undefined;
      const index = Array.isArray(current) && /^\d+$/.test(key) ? Number(key) : key;
      if (!Object.hasOwn(current, index)) return undefined;
      path.push(index);
      current = (current as Record<string | number, unknown>)[index];
    }
    return structuredClone(this.#resolveNode(path, from));
  }

  /** Resolves the value at `path` and everything under it; returns it. */
  #resolveNode(path: Path, from?: Path): unknown {
    const key = pointerOf(path);
    if (this.#done.has(key)) return this.#get(path);
    if (this.#inProgress.includes(key)) {
      const requester = from ?? path;
      const detail = pointerOf(requester) === key || isUnder(requester, path)
        ? `Circular reference. "${humanize(requester)}" refers to itself`
        : `Circular reference among "${humanize(requester)}" and "${humanize(path)}" properties`;
      throw this.#error(detail, requester);
    }
    this.#inProgress.push(key);
    try {
      let value = this.#get(path);
      if (typeof value === 'string') {
        value = this.#resolveString(value, path);
        this.#set(path, value);
      }
      if (value !== null && typeof value === 'object') {
        for (const child of Object.keys(value)) this.#resolveNode([...path, Array.isArray(value) ? Number(child) : child]);
      }
      this.#done.add(key);
      return this.#get(path);
    } finally {
      this.#inProgress.splice(this.#inProgress.lastIndexOf(key), 1);
    }
  }

  #resolveString(text: string, path: Path): unknown {
    let value: unknown = text;
    for (let round = 0; typeof value === 'string' && round < MAX_REPARSE; round++) {
      let variables: Variable[];
      try {
        variables = parseVariables(value);
      } catch (error) {
        if (error instanceof VariableSyntaxError) throw this.#error(error.message, path);
        throw error;
      }
      if (variables.length === 0) return value;
      const whole = variables.length === 1 && variables[0]!.start === 0 && variables[0]!.end === value.length;
      value = this.#substitute({ text: value, variables }, path);
      // A concatenation is not read again (resolve.js: isGeneratedFromMultipleSources).
      if (!whole) return value;
    }
    return value;
  }

  /** A text with its variables replaced: the value itself when one variable is all of it, else a string. */
  #substitute(text: VariableText, path: Path): unknown {
    const { variables } = text;
    if (variables.length === 0) return text.text;
    const values = variables.map((variable) => this.#resolveVariable(variable, path));
    if (variables.length === 1 && variables[0]!.start === 0 && variables[0]!.end === text.text.length) return values[0];
    let out = '';
    let last = 0;
    variables.forEach((variable, i) => {
      const value = values[i];
      if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
        throw this.#error(`Cannot resolve variable at "${humanize(path)}": String value consist of variable which resolve with non-string value`, path);
      }
      out += text.text.slice(last, variable.start) + String(value);
      last = variable.end;
    });
    return out + text.text.slice(last);
  }

  /** The first source with a value, else the literal fallback; none → serverless's "Value not found" error. */
  #resolveVariable(variable: Variable, path: Path): unknown {
    let lastType = '';
    for (const source of variable.sources) {
      if (source.kind === 'literal') return source.value;
      lastType = source.type;
      const params = source.params.map((param) => this.#substitute(param, path));
      let address: string | undefined;
      if (source.address) {
        const resolved = this.#substitute(source.address, path);
        if (typeof resolved !== 'string' && typeof resolved !== 'number') {
          throw this.#error(`Cannot resolve variable at "${humanize(path)}": Non-string address argument in variable "${source.type}" source`, path);
        }
        address = String(resolved);
      }
      let value: unknown;
      try {
        value = this.#sources.valueOf(source.type, params, address, { self: (at) => this.self(at, path) });
      } catch (error) {
        if (error instanceof SourceError) throw this.#error(`Cannot resolve variable at "${humanize(path)}": ${error.message}`, path);
        throw error;
      }
      if (value !== undefined && value !== null) return value;
    }
    throw this.#error(`Cannot resolve variable at "${humanize(path)}": Value not found at "${lastType}" source`, path);
  }

  #get(path: Path): unknown {
    let current = this.#root.value;
    for (const key of path) current = (current as Record<string | number, unknown>)[key];
    return current;
  }

  #set(path: Path, value: unknown): void {
    if (path.length === 0) {
      this.#root.value = value;
      return;
    }
    const parent = this.#get(path.slice(0, -1)) as Record<string | number, unknown>;
    parent[path.at(-1)!] = value;
  }

  #error(detail: string, path: Path): TemplateError {
    return this.#map.error(detail, pointerOf(path));
  }
}

/** `functions.createUser.environment.TABLE` (resolve.js's humanizePropertyPath, without its quoting of odd keys). */
function humanize(path: Path): string {
  return path.map(String).join('.');
}

function isUnder(path: Path, ancestor: Path): boolean {
  return ancestor.length <= path.length && ancestor.every((key, i) => path[i] === key);
}
