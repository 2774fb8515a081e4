import { FunctionBuildError } from '../functions/errors.js';
import type { FunctionBuild } from '../functions/function-runtime.js';
import type { FunctionSpec } from '../functions/function-spec.js';
import { HandlerNotFoundError } from '../functions/handler-export.js';
import { ServiceError } from '../shared/service-error.js';
import { at } from './config-checker.js';
import type { NormalizedConfig } from './normalized-config.js';

/** What the config needs of the function runtime (src/functions/function-runtime.ts). */
export interface FunctionTargets {
  /** Bundles the handler and checks its export, deploying nothing; throws FunctionBuildError. */
  build(spec: FunctionSpec): Promise<FunctionBuild>;
  deploy(build: FunctionBuild): Promise<unknown>;
  /** Deploys a function whose build failed: its invocations fail with the error (`eddy dev`). */
  deployBroken(spec: FunctionSpec, error: FunctionBuildError): Promise<unknown>;
  remove(name: string): Promise<unknown>;
}

/** The config's functions built: good builds, broken ones (when allowed) and the problems that refuse the config. */
export interface FunctionBuilds {
  built: Map<string, FunctionBuild>;
  broken: Map<string, { spec: FunctionSpec; error: FunctionBuildError }>;
  problems: string[];
}

/** A config function as the runtime's spec: its handler is relative to its code directory. */
export function functionSpec(config: NormalizedConfig, name: string): FunctionSpec {
  const fn = config.functions[name]!;
  const spec: FunctionSpec = {
    name,
    handler: fn.handler,
    baseDir: fn.codeDir,
    timeoutSeconds: fn.timeout,
    memorySizeMB: fn.memorySize,
    environment: fn.environment,
  };
  if (fn.reservedConcurrency !== undefined) spec.reservedConcurrency = fn.reservedConcurrency;
  if (fn.runtime !== undefined) spec.runtime = fn.runtime;
  if (fn.pythonPath !== undefined) spec.pythonPath = fn.pythonPath;
  if (fn.isolation !== undefined) spec.isolation = fn.isolation;
  if (fn.deadLetter !== undefined) spec.deadLetter = fn.deadLetter;
  return spec;
}

/**
 * Builds the named functions of the config, every one of them, so one start lists every missing package,
 * broken file and missing export: `FILE: functions.NAME: cannot be built: PROBLEM`, or for an export
 * `FILE: functions.NAME.handler: src/a.ts has no export named "handler" (it exports: main)`. With
 * `allowBroken` (`eddy dev`) a build error is no problem: the function is deployed broken.
 */
export async function buildFunctions(config: NormalizedConfig, names: readonly string[], targets: FunctionTargets, allowBroken: boolean): Promise<FunctionBuilds> {
  const out: FunctionBuilds = { built: new Map(), broken: new Map(), problems: [] };
  const outcomes = await Promise.all(
    names.map(async (name) => {
      const spec = functionSpec(config, name);
      try {
        return { name, spec, build: await targets.build(spec) };
      } catch (error) {
        if (error instanceof ServiceError) return { name, spec, error };
        throw error;
      }
    }),
  );
  for (const { name, spec, build, error } of outcomes) {
    const path = at('functions', name);
    if (build !== undefined) out.built.set(name, build);
    else if (error instanceof FunctionBuildError && allowBroken) out.broken.set(name, { spec, error });
    else if (error instanceof HandlerNotFoundError) out.problems.push(...error.problems.map((problem) => `${config.file}: ${at(path, 'handler')}: ${problem}`));
    else if (error instanceof FunctionBuildError) out.problems.push(...error.problems.map((problem) => `${config.file}: ${path}: cannot be built: ${problem}`));
    else out.problems.push(`${config.file}: ${path}: ${error!.code}: ${error!.message}`);
  }
  return out;
}
