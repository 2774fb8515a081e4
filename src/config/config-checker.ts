import { ConfigError } from './config-error.js';

/** A place in the config: `functions.indexUsers.events[0].stream.batchSize`. */
export type ConfigPath = string;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `path.key`, or `path["orders.fifo"]` when the key is not an identifier. */
export const at = (path: ConfigPath, key: string | number): ConfigPath => {
  if (typeof key === 'number') return `${path}[${key}]`;
  if (!IDENTIFIER.test(key)) return `${path}[${JSON.stringify(key)}]`;
  return path === '' ? key : `${path}.${key}`;
};

/** How a value is shown after "got": scalars as written, containers by kind. */
export function shown(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(value);
    case 'function':
      return 'a function';
    default:
      return 'an object';
  }
}

/**
 * Collects every problem of one config file. Readers return the value when it is valid, otherwise
 * undefined after recording why, so validation goes on and reports all problems at once.
 */
export class ConfigChecker {
  readonly #file: string;
  readonly #problems: string[] = [];

  constructor(file: string) {
    this.#file = file;
  }

  problem(path: ConfigPath, message: string): void {
    this.#problems.push(`${this.#file}: ${path === '' ? '(top level)' : path}: ${message}`);
  }

  expected(path: ConfigPath, what: string, value: unknown): undefined {
    this.problem(path, `expected ${what}, got ${shown(value)}`);
    return undefined;
  }

  /** Throws one ConfigError listing every problem, if there were any. */
  throwIfAny(): void {
    if (this.#problems.length > 0) throw new ConfigError(this.#problems);
  }

  /** A plain object whose keys are all in `allowed` (unknown fields are reported, with a suggestion). */
  object(value: unknown, path: ConfigPath, allowed?: readonly string[]): Record<string, unknown> | undefined {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return this.expected(path, 'an object', value);
    const record = value as Record<string, unknown>;
    if (allowed) {
      for (const key of Object.keys(record)) {
        if (allowed.includes(key)) continue;
        const near = allowed.find((candidate) => similar(candidate, key));
        this.problem(at(path, key), near ? `unknown field (did you mean ${near}?)` : `unknown field (expected one of ${allowed.join(', ')})`);
      }
    }
    return record;
  }

  /** A required field: reports its absence. */
  present(value: unknown, path: ConfigPath): boolean {
    if (value !== undefined) return true;
    this.problem(path, 'required');
    return false;
  }

  integer(value: unknown, path: ConfigPath, min: number, max: number): number | undefined {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      return this.expected(path, `an integer from ${min} to ${max}`, value);
    }
    return value;
  }

  boolean(value: unknown, path: ConfigPath): boolean | undefined {
    return typeof value === 'boolean' ? value : this.expected(path, 'true or false', value);
  }

  string(value: unknown, path: ConfigPath, rule?: { test: RegExp; what: string }): string | undefined {
    if (typeof value !== 'string') return this.expected(path, rule?.what ?? 'a string', value);
    if (rule && !rule.test.test(value)) return this.expected(path, rule.what, value);
    return value;
  }

  oneOf<T extends string>(value: unknown, path: ConfigPath, choices: readonly T[]): T | undefined {
    if (typeof value === 'string' && (choices as readonly string[]).includes(value)) return value as T;
    return this.expected(path, `one of ${choices.map((c) => JSON.stringify(c)).join(', ')}`, value);
  }
}

/** Same letters ignoring case, or one edit apart: worth a "did you mean". */
function similar(a: string, b: string): boolean {
  if (a.toLowerCase() === b.toLowerCase()) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  let j = 0;
  while (j < a.length - i && j < b.length - i && a[a.length - 1 - j] === b[b.length - 1 - j]) j++;
  return a.length - i - j <= 1 && b.length - i - j <= 1;
}
