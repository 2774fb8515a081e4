// Where serverless.yml variables take their values (SEMANTICS.md H.3 "Variables"; serverless/serverless
// lib/configuration/variables/sources/*.js): opt, env, sls, file, aws, param, strToBool. `self` is the resolver's.
// Sources that read AWS itself (ssm, cf, s3, secretsmanager) have no value locally: their fallback is taken.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { extname, isAbsolute, resolve } from 'node:path';
import { parseYamlTemplate } from '../cloudformation/yaml-reader.js';

/** A source's own error (bad address, unreadable file): the resolver puts the property path and the line before it. */
export class SourceError extends Error {}

/** Sources Eddy cannot read, because they read the AWS account: no value, so a fallback applies (else an error). */
export const AWS_READING_SOURCES = new Set(['ssm', 'cf', 's3', 'secretsmanager']);

export interface SourceSettings {
  /** Directory of serverless.yml: `file()` paths are relative to it. */
  serviceDir: string;
  /** `--stage`, `--region` and other `--opt` values, by name. */
  options: Readonly<Record<string, string | undefined>>;
  env: Readonly<Record<string, string | undefined>>;
  /** What `${aws:region}` / `${aws:accountId}` give: the deployment Eddy runs as. */
  aws: { region: string; accountId: string };
}

/** What a source needs from the resolver: values of serverless.yml itself, already resolved. */
export interface SelfLookup {
  /** The resolved value at a dotted address of serverless.yml (undefined when absent). */
  self(address: string): unknown;
}

export class VariableSources {
  readonly settings: SourceSettings;
  /** Files read by `${file(…)}`, absolute, in the order first read. */
  readonly files: string[] = [];
  readonly #instanceId = randomUUID();
  readonly #fileCache = new Map<string, unknown>();

  constructor(settings: SourceSettings) {
    this.settings = settings;
  }

  /**
   * The value of one source, or undefined when it has none (the next fallback is tried). `params` and
   * `address` are already resolved.
   */
  valueOf(type: string, params: unknown[], address: string | undefined, lookup: SelfLookup): unknown {
    const { options, env, aws } = this.settings;
    switch (type) {
      case 'self':
        return lookup.self(address ?? '');
      case 'opt':
        return address === undefined ? { ...options } : options[address];
      case 'env':
        if (address === undefined) throw new SourceError('Missing address argument in variable "env" source');
        return env[address];
      case 'sls':
        if (address === 'stage') return this.stage(lookup);
        if (address === 'instanceId') return this.#instanceId;
        throw new SourceError(`Unsupported "${String(address)}" address argument in variable "sls" source`);
      case 'aws':
        if (address === 'region') return aws.region;
        if (address === 'accountId') return aws.accountId;
        throw new SourceError(`Unsupported "${String(address)}" address argument in variable "aws" source`);
      case 'param':
        return this.#param(address, lookup);
      case 'file':
        return this.#file(params, address);
      case 'strToBool':
        return strToBool(params[0]);
      default:
        if (AWS_READING_SOURCES.has(type)) return undefined;
        throw new SourceError(`Unsupported variable source "${type}" (Eddy resolves self, opt, env, sls, file, param, aws and strToBool; ${[...AWS_READING_SOURCES].join(', ')} take their fallback)`);
    }
  }

  /** `${sls:stage}` ≡ `${opt:stage, self:provider.stage, "dev"}` (H.3). */
  stage(lookup: SelfLookup): string {
    const stage = this.settings.options['stage'] ?? lookup.self('provider.stage');
    return stage === undefined || stage === null ? 'dev' : String(stage);
  }

  /** `params:` of serverless.yml: the stage's value, else `default`'s (Framework v3 stage parameters). */
  #param(address: string | undefined, lookup: SelfLookup): unknown {
    if (address === undefined) throw new SourceError('Missing address argument in variable "param" source');
    const fromStage = lookup.self(`params.${this.stage(lookup)}.${address}`);
    return fromStage ?? lookup.self(`params.default.${address}`);
  }

  #file(params: unknown[], address: string | undefined): unknown {
    const [path] = params;
    if (typeof path !== 'string' || path === '') throw new SourceError('Missing path argument in variable "file" source');
    const file = isAbsolute(path) ? path : resolve(this.settings.serviceDir, path);
    const content = this.#read(file);
    if (content === undefined || address === undefined) return content;
    return dig(content, address);
  }

  /** A file's content (parsed by its extension), undefined when it does not exist (file.js: a missing file has no value). */
  #read(file: string): unknown {
    if (this.#fileCache.has(file)) return structuredClone(this.#fileCache.get(file));
    const extension = extname(file).toLowerCase();
    if (!['.yml', '.yaml', '.json'].includes(extension)) {
      throw new SourceError(`Unsupported file extension "${extension}" in variable "file" source: Eddy reads .yml, .yaml and .json files (not .js/.ts, which run code)`);
    }
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new SourceError(`Cannot read ${file}: ${(error as Error).message}`);
    }
    if (!this.files.includes(file)) this.files.push(file);
    let content: unknown;
    try {
      content = extension === '.json' ? JSON.parse(text) : parseYamlTemplate(text, file).value;
    } catch (error) {
      throw new SourceError(`Cannot parse ${file}: ${(error as Error).message}`);
    }
    this.#fileCache.set(file, content);
    return structuredClone(content);
  }
}

/** The value at a dotted address (`a.b.0`) of a plain value, undefined when absent. */
export function dig(value: unknown, address: string): unknown {
  let current = value;
  for (const key of address === '' ? [] : address.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** `${strToBool(…)}` (str-to-bool.js): true/false/1/0 only. */
function strToBool(value: unknown): boolean {
  const text = String(value ?? '').trim();
  if (text === 'true' || text === '1') return true;
  if (text === 'false' || text === '0') return false;
  throw new SourceError(`Invalid "strToBool" input: expected "true", "false", "0" or "1", got "${text}"`);
}
