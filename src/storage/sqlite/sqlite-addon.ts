import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The driver's options naming its compiled addon, when found (see sqliteAddon). */
export interface AddonOption {
  readonly nativeBinding?: string;
}

let found: AddonOption | undefined;

/**
 * better-sqlite3's compiled addon, named to the driver (its `nativeBinding` option). Left to itself the driver
 * asks the `bindings` package, which loads two more packages, reads a stack trace to find the driver's
 * directory and tries paths one by one: 5–8 ms of CPU at every start. The first of `bindings`' own first three
 * candidates that exists is the file it would load (an install's prebuilt download and a local build both put
 * it in build/Release); when none does, an unusual layout, the driver searches as before.
 */
export function sqliteAddon(): AddonOption {
  if (found !== undefined) return found;
  let file: string | undefined;
  try {
    const root = dirname(dirname(createRequire(import.meta.url).resolve('better-sqlite3'))); // <root>/lib/index.js
    file = [['build'], ['build', 'Debug'], ['build', 'Release']].map((dir) => join(root, ...dir, 'better_sqlite3.node')).find((path) => existsSync(path));
  } catch {
    // Not resolvable from here: the driver's own search decides.
  }
  return (found = file === undefined ? {} : { nativeBinding: file });
}
