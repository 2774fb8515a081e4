import type { Logger } from '../shared/logger.js';
import type { TriggerStore } from '../storage/trigger-store.js';
import type { PipeStore } from '../storage/pipe-store.js';

/** How often supervisors on shared storage look for definitions other nodes changed: their changes apply within about this. */
export const DEFINITION_REFRESH_MS = 1000;

/** One stored definition as a supervisor runs it: its key, and what changes whenever it does. */
export interface DefinitionVersion {
  readonly key: string;
  readonly fingerprint: string;
}

export interface DefinitionRefreshOptions {
  /** Every stored definition, as it is now. */
  readonly list: () => Promise<readonly DefinitionVersion[]>;
  /** The definition `key` was created, changed or deleted (by another node, or by this one: the supervisor keeps a consumer whose definition it already runs). */
  readonly changed: (key: string) => void;
  readonly periodMs: number;
  readonly logger: Logger;
  /** For log lines: what the definitions are (`event source mappings`, `pipes`). */
  readonly what: string;
}

/**
 * Supervisors (event source mappings, pipes) hear of the changes made through this node's API at once;
 * one made on another node sharing the storage they would otherwise learn of only at their next start.
 * This lists the definitions every `periodMs` and tells the supervisor of each whose fingerprint moved,
 * appeared or disappeared since the last look. Start it BEFORE the supervisor's own start lists them: a
 * change between the two lists is then seen at the first tick rather than never. Returns the stop function.
 */
export async function refreshDefinitions(options: DefinitionRefreshOptions): Promise<() => void> {
  let known = toMap(await options.list());
  let looking = false;
  let stopped = false;
  const tick = async () => {
    if (looking || stopped) return; // a slow list: the next tick looks again
    looking = true;
    try {
      const now = toMap(await options.list());
      if (stopped) return;
      for (const [key, fingerprint] of now) if (known.get(key) !== fingerprint) options.changed(key);
      for (const key of known.keys()) if (!now.has(key)) options.changed(key);
      known = now;
    } catch (error) {
      options.logger.error(`${options.what}: could not look for other nodes' changes (trying again in ${options.periodMs} ms)`, error);
    } finally {
      looking = false;
    }
  };
  const timer = setInterval(() => void tick(), options.periodMs);
  timer.unref();
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}

const toMap = (definitions: readonly DefinitionVersion[]) => new Map(definitions.map((d) => [d.key, d.fingerprint]));

/** What changes whenever a stored mapping does: the function name and config too (an update need not move modifiedAt's millisecond). */
export const mappingFingerprint = (m: { createdAt: number; modifiedAt: number; functionName: string; config: unknown }): string =>
  `${m.createdAt} ${m.modifiedAt} ${m.functionName} ${JSON.stringify(m.config)}`;

/** What changes whenever a stored pipe does: every write bumps the version; a pipe deleted and made again has another createdAt. */
export const pipeFingerprint = (p: { createdAt: number; version: number }): string => `${p.createdAt} ${p.version}`;

/** Event source mappings by uuid. */
export const mappingVersions = (store: TriggerStore) => async (): Promise<DefinitionVersion[]> =>
  (await store.listMappings()).map((m) => ({ key: m.uuid, fingerprint: mappingFingerprint(m) }));

/** Pipes by name. */
export const pipeVersions = (store: PipeStore) => async (): Promise<DefinitionVersion[]> =>
  (await store.list()).map((p) => ({ key: p.name, fingerprint: pipeFingerprint(p) }));
