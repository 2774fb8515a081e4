import type { OnResolveArgs, Plugin, PluginBuild } from 'esbuild';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { isBuiltin } from 'node:module';
import { dirname, isAbsolute, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Marks the nested `build.resolve` calls below, so the plugin does not answer its own question. */
const RESOLVING = 'eddy-resolving';

/** A bare import a build met, and the file it resolved to (undefined: esbuild could not resolve it). */
export interface BareImport {
  readonly specifier: string;
  /** The directory the import is resolved from (the importing file's). */
  readonly resolveDir: string;
  readonly resolved: string | undefined;
}

/**
 * Bare imports that stay out of the bundle, pinned to the installed file the handler's own resolution
 * finds (the bundle runs from the cache directory, where a bare name would resolve to nothing):
 *
 * - `@aws-sdk/*`: a handler uses the SDK installed beside it, as Lambda provides one.
 * - packages with a native addon (`"gypfile": true` in their package.json, or a `binding.gyp` beside it,
 *   as node-gyp builds them): esbuild cannot inline a `.node` file, and such packages find their addon at
 *   run time relative to their own directory (better-sqlite3 through `bindings`), so they must run from
 *   where they are installed.
 *
 * Every other package is bundled as esbuild resolves it. A package that cannot be resolved, the SDK too,
 * is left to esbuild: an error (a bare name in the bundle could only fail when imported, and a cached
 * build would keep failing after the install), or a warning for a `require()` inside `try`, the way
 * optional dependencies are loaded. Every bare import met is pushed to `seen`, for the build's record.
 */
export function installedPackages(seen: BareImport[]): Plugin {
  return {
    name: 'eddy-installed-packages',
    setup(build) {
      const native = new NativePackages();
      build.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (args.pluginData === RESOLVING || isBuiltin(args.path) || isAbsolute(args.path)) return undefined;
        const found = await resolveAsWritten(build, args);
        const resolved = found.errors.length === 0 && found.path !== '' && found.namespace === 'file' ? found.path : undefined;
        seen.push({ specifier: args.path, resolveDir: args.resolveDir, resolved });
        if (resolved === undefined) return undefined;
        if (found.external) return { path: found.path, external: true };
        if (!args.path.startsWith('@aws-sdk/') && !(await native.has(found.path))) {
          const { path, namespace, sideEffects, suffix, pluginData } = found;
          return { path, namespace, sideEffects, suffix, pluginData };
        }
        const viaRequire = args.kind === 'require-call' || args.kind === 'require-resolve';
        return { path: viaRequire ? found.path : pathToFileURL(found.path).href, external: true };
      });
    },
  };
}

function resolveAsWritten(build: PluginBuild, args: OnResolveArgs) {
  return build.resolve(args.path, {
    kind: args.kind,
    resolveDir: args.resolveDir,
    importer: args.importer,
    with: args.with,
    pluginData: RESOLVING,
  });
}

/** Answers "is this file part of a package with a native addon?", reading each package.json once per build. */
class NativePackages {
  readonly #byDir = new Map<string, Promise<boolean | undefined>>();

  /** Walks up from the file to the nearest package.json that names a package. */
  async has(file: string): Promise<boolean> {
    for (let dir = dirname(file); ; dir = dirname(dir)) {
      const verdict = await this.#check(dir);
      if (verdict !== undefined) return verdict;
      if (dirname(dir) === dir) return false;
    }
  }

  /** undefined: no package root here (no package.json, or a nested one without a name, like `{"type":"module"}`). */
  #check(dir: string): Promise<boolean | undefined> {
    let verdict = this.#byDir.get(dir);
    if (verdict === undefined) {
      verdict = readManifest(dir).then((manifest) => {
        if (manifest === undefined || typeof manifest.name !== 'string') return undefined;
        return manifest.gypfile === true || existsSync(join(dir, 'binding.gyp'));
      });
      this.#byDir.set(dir, verdict);
    }
    return verdict;
  }
}

async function readManifest(dir: string): Promise<{ name?: unknown; gypfile?: unknown } | undefined> {
  try {
    return JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as { name?: unknown; gypfile?: unknown };
  } catch {
    return undefined;
  }
}
