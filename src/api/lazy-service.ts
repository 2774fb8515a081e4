import type { JsonService } from './json-service.js';

/**
 * `load` run once, on the first call: concurrent first calls share its one promise. A failed load is not
 * kept, so the next call tries again (a module file read while dist/ was being replaced, say) instead of failing for good.
 */
export function memoised<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () =>
    (loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    }));
}

/**
 * A JSON service whose operations are imported on its first request (`import()`: in the `eddy` bundle, code
 * that a start never evaluates). Its operation names are known without them, so an unknown operation is
 * answered as before, without reading the body; a known one waits for the load, then runs the handler the
 * loaded service has for it.
 */
export function lazyJsonService(front: Omit<JsonService, 'operations'> & { readonly names: readonly string[] }, load: () => Promise<JsonService>): JsonService {
  const loaded = memoised(load);
  const operations = new Map<string, (input: Record<string, unknown>) => Promise<unknown>>();
  for (const name of front.names) operations.set(name, async (input) => (await loaded()).operations.get(name)!(input));
  return { targetPrefix: front.targetPrefix, signingName: front.signingName, internalError: front.internalError, ...(front.tooDeep && { tooDeep: front.tooDeep }), operations };
}
