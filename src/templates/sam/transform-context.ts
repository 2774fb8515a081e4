import { SamTemplateError } from './sam-template-error.js';
import type {
  NotEmulated, ResourceOrigin, SamRoute, SamTransformOptions, SourceLocation, TemplatePath, TemplateResource, TemplateValue,
} from './types.js';

/** What one transform run accumulates: the output resources, where each came from, the routes. */
export class TransformContext {
  readonly resources: Record<string, TemplateResource> = {};
  readonly origins = new Map<string, ResourceOrigin>();
  readonly routes: SamRoute[] = [];
  readonly notEmulated: NotEmulated[] = [];
  /** `F.Alias` / `F.Version` → the logical ids AutoPublishAlias made (for `Ref F.Alias`). */
  readonly references = new Map<string, string>();
  readonly options: SamTransformOptions;
  /** The input's resources, to look at what a reference names (e.g. a FIFO topic). */
  readonly input: Record<string, TemplateResource>;

  readonly #parameters: { [key: string]: TemplateValue };

  constructor(options: SamTransformOptions, input: Record<string, TemplateResource>, parameters: TemplateValue | undefined) {
    this.options = options;
    this.input = input;
    this.#parameters = isObject(parameters) ? parameters : {};
  }

  /** A parameter's value as text: the given one, else its Default (what SAM's parameter resolution uses). */
  parameter(name: string): string | undefined {
    const given = this.options.parameters?.[name];
    if (given !== undefined) return given;
    const declared = this.#parameters[name];
    const fallback = isObject(declared) ? declared.Default : undefined;
    return typeof fallback === 'string' || typeof fallback === 'number' ? String(fallback) : undefined;
  }

  /** The location of a path, or of its nearest parent the source map knows. */
  locate(path: TemplatePath): SourceLocation | undefined {
    const locate = this.options.locate;
    if (!locate) return undefined;
    for (let n = path.length; n >= 0; n--) {
      const found = locate(path.slice(0, n));
      if (found) return found;
    }
    return undefined;
  }

  origin(path: TemplatePath): ResourceOrigin {
    const location = this.locate(path);
    return location ? { path, location } : { path };
  }

  fail(detail: string, path: TemplatePath): never {
    throw new SamTemplateError(detail, path, this.locate(path));
  }

  /** Adds a generated resource; a second resource with the same id is a template error (SAM's duplicate check). */
  add(logicalId: string, resource: TemplateResource, path: TemplatePath): void {
    if (logicalId in this.resources) {
      this.fail(`Resource with id [${logicalId}] is generated twice: rename the event or resource that collides with it.`, path);
    }
    this.resources[logicalId] = resource;
    this.origins.set(logicalId, this.origin(path));
  }
}

export function isObject(value: unknown): value is { [key: string]: TemplateValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A one-key map whose key is an intrinsic (`Ref`, `Fn::*`, `Condition`): SAM treats it as a scalar. */
export function isIntrinsic(value: unknown): boolean {
  if (!isObject(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0] === 'Condition' || keys[0]!.startsWith('Fn::'));
}

/** Copies the listed properties that are present, in the order given. */
export function pick(source: { [key: string]: TemplateValue }, names: readonly string[]): { [key: string]: TemplateValue } {
  const out: { [key: string]: TemplateValue } = {};
  for (const name of names) if (source[name] !== undefined) out[name] = source[name]!;
  return out;
}

/** Attributes a generated resource inherits from the SAM resource it came from. */
export function inherited(resource: TemplateResource): Partial<TemplateResource> {
  const out: Partial<TemplateResource> = {};
  if (resource.Condition !== undefined) out.Condition = resource.Condition;
  return out;
}
