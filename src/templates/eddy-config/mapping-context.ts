// What each resource mapping works with: the config being built, the template's resources by logical id,
// and errors that name the template's file, line and the resource's path.
import type { EddyConfig } from '../../config/config-types.js';
import { childPointer, pointerOf, type ResolvedTemplate, type SourceMap, type TemplateResource } from '../cloudformation/index.js';
import { TemplateError } from '../cloudformation/template-error.js';
import { physicalName } from './resource-values.js';

/** Every section of the config, present (empty sections are dropped at the end). */
export type ConfigSections = { [K in keyof Omit<EddyConfig, 'auth' | 'http'>]-?: NonNullable<EddyConfig[K]> } & Pick<EddyConfig, 'http'>;

export class MappingContext {
  readonly config: ConfigSections = {
    tables: {}, queues: {}, functions: {}, buses: {}, rules: {}, archives: {}, connections: {}, schedules: {}, pipes: {}, topics: {},
  };
  /** Lines shown once at start: what was approximated or left out, and why. */
  readonly notices: string[] = [];
  readonly template: ResolvedTemplate;
  /** Where generated code (Code.ZipFile) is written. */
  readonly inlineCodeDir: string;
  readonly #byId: Map<string, TemplateResource>;
  readonly #sourceMap: SourceMap | undefined;
  readonly #later: (() => void)[] = [];

  constructor(template: ResolvedTemplate, options: { inlineCodeDir: string; sourceMap?: SourceMap }) {
    this.template = template;
    this.inlineCodeDir = options.inlineCodeDir;
    this.#byId = new Map(template.resources.map((r) => [r.logicalId, r]));
    this.#sourceMap = options.sourceMap;
  }

  /** A created resource by logical id (undefined when absent or skipped by its Condition). */
  resource(logicalId: string): TemplateResource | undefined {
    return this.#byId.get(logicalId);
  }

  /** The physical name Eddy gives a resource (see resource-values.ts). */
  nameOf(resource: TemplateResource): string {
    return physicalName(resource.logicalId, resource.type, resource.properties);
  }

  /** Runs `step` after every resource is mapped (events attached to functions, subscriptions to topics, …). */
  later(step: () => void): void {
    this.#later.push(step);
  }

  runLater(): void {
    for (let i = 0; i < this.#later.length; i++) this.#later[i]!();
  }

  notice(text: string): void {
    if (!this.notices.includes(text)) this.notices.push(text);
  }

  /**
   * A TemplateError at `resource`'s property `path` (`['Properties', 'KeySchema', 0]` or just
   * `['KeySchema', 0]`, read as under Properties): `template.yaml:12:7: Resource Orders: … (at /Resources/Orders/Properties/KeySchema/0)`.
   */
  fail(resource: TemplateResource, path: readonly (string | number)[], detail: string): never {
    const segments = path[0] === 'Properties' || path[0] === 'Type' ? path : ['Properties', ...path];
    const pointer = pointerOf(['Resources', resource.logicalId, ...segments]);
    const location = this.#sourceMap?.locate(pointer) ?? resource.location;
    throw new TemplateError(`Resource ${resource.logicalId} (${resource.type}): ${detail}`, pointer, location);
  }

  /** The pointer of a resource's property, for messages. */
  pointer(resource: TemplateResource, ...path: (string | number)[]): string {
    return path.reduce<string>((p, s) => childPointer(p, s), pointerOf(['Resources', resource.logicalId, 'Properties']));
  }
}
