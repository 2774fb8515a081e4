/**
 * import() of a module that is not part of Eddy's own code (a user's config, a bundle built from it). In
 * the command line's bundle this module is replaced by the import of the ES module that loaded the bundle:
 * code compiled from V8's code cache loses Node's dynamic-import callback (load-command-line.ts).
 */
export function importModule(specifier: string): Promise<Record<string, unknown>> {
  return import(specifier) as Promise<Record<string, unknown>>;
}
