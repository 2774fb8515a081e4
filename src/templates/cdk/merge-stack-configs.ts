// The configs of a CDK app's stacks as one: Eddy runs one account and region, so a name two stacks give
// (a table, a queue, a function, …) is refused, as deploying both to one account would be.
import { isDeepStrictEqual } from 'node:util';
import type { EddyConfig } from '../../config/config-types.js';
import { pointerOf, type LoadedTemplate } from '../cloudformation/index.js';
import { physicalName } from '../eddy-config/index.js';
import { isObject, type CdkStack } from './cloud-assembly.js';

const WHAT: Readonly<Record<string, string>> = {
  tables: 'table', queues: 'queue', functions: 'function', buses: 'event bus', rules: 'rule', archives: 'archive',
  connections: 'connection', schedules: 'schedule', pipes: 'pipe', topics: 'topic',
};

/** Merges one stack's config into the app's; `owners` remembers which stack gave each name. */
export class StackConfigs {
  readonly config: Record<string, unknown> = {};
  readonly #owners = new Map<string, string>();

  add(config: EddyConfig, stack: CdkStack, loaded: LoadedTemplate): void {
    for (const [section, entries] of Object.entries(config as Record<string, unknown>)) {
      if (!isObject(entries)) continue;
      if (section === 'http') {
        this.#addHttp(entries, stack, loaded);
        continue;
      }
      const merged = (this.config[section] ??= {}) as Record<string, unknown>;
      for (const [name, entry] of Object.entries(entries)) {
        this.#claim(`${WHAT[section] ?? section} ${name}`, name, stack, loaded);
        merged[name] = entry;
      }
    }
  }

  #addHttp(http: Record<string, unknown>, stack: CdkStack, loaded: LoadedTemplate): void {
    const merged = (this.config['http'] ??= {}) as Record<string, unknown>;
    if (isObject(http['routes'])) {
      const routes = (merged['routes'] ??= {}) as Record<string, unknown>;
      for (const [route, target] of Object.entries(http['routes'])) {
        this.#claim(`HTTP route ${route}`, undefined, stack, loaded);
        routes[route] = target;
      }
    }
    if (http['cors'] !== undefined) {
      if (merged['cors'] !== undefined && !isDeepStrictEqual(merged['cors'], http['cors'])) {
        throw loaded.sourceMap.error(`Stack ${stack.displayName}: its HTTP API's CORS settings differ from stack ${this.#owners.get('HTTP cors')}'s; Eddy serves every stack's routes on one port with one CORS setting`, '/Resources');
      }
      merged['cors'] = http['cors'];
      this.#owners.set('HTTP cors', stack.displayName);
    }
  }

  #claim(what: string, name: string | undefined, stack: CdkStack, loaded: LoadedTemplate): void {
    const owner = this.#owners.get(what);
    if (owner === undefined) {
      this.#owners.set(what, stack.displayName);
      return;
    }
    const detail = owner === stack.displayName
      ? `Stack ${stack.displayName} gives the ${what} twice`
      : `Stack ${stack.displayName} defines the ${what}, which stack ${owner} defines too: Eddy runs one account and region, where a name is one resource; give one of them another name`;
    throw loaded.sourceMap.error(detail, name === undefined ? '/Resources' : resourceNamed(loaded, name));
  }
}

/** The pointer of the resource that takes `name` (by its name property or logical id), else `/Resources`. */
function resourceNamed(loaded: LoadedTemplate, name: string): string {
  const resources = isObject(loaded.document['Resources']) ? loaded.document['Resources'] : {};
  for (const [logicalId, resource] of Object.entries(resources)) {
    if (!isObject(resource)) continue;
    const properties = isObject(resource['Properties']) ? resource['Properties'] : {};
    if (physicalName(logicalId, String(resource['Type']), properties) === name) return pointerOf(['Resources', logicalId]);
  }
  return '/Resources';
}
