import type { FunctionRuntime } from '../functions/function-runtime.js';
import { functionArn } from '../lambda/function-names.js';
import type { Deployment } from '../shared/arns.js';

/**
 * What a mapping's FunctionName named beside the function: a version or an alias (or `$LATEST`, named),
 * kept in its settings. Lambda's mapping invokes what its FunctionArn names, so this is part of it.
 */
export interface QualifiedSettings {
  /** Absent: the unqualified function. */
  qualifier?: string;
}

/** The mapping's FunctionArn: the function's ARN, with `:<qualifier>` when FunctionName named one. */
export function mappingFunctionArn(d: Deployment, mapping: { functionName: string; config: QualifiedSettings }): string {
  const { qualifier } = mapping.config;
  return qualifier === undefined ? functionArn(d, mapping.functionName) : `${functionArn(d, mapping.functionName)}:${qualifier}`;
}

/** The mapping's function as people write it: `orders`, `orders:live`, `orders:3`. */
export function mappingFunctionName(mapping: { functionName: string; config: QualifiedSettings }): string {
  const { qualifier } = mapping.config;
  return qualifier === undefined ? mapping.functionName : `${mapping.functionName}:${qualifier}`;
}

/**
 * The runtime name that runs what a qualifier of a function names now (an alias picks its version, by
 * weight, at each call); rejects (FunctionNotFoundError) when the function or the qualifier is gone.
 */
export type QualifiedRuntimeName = (functionName: string, qualifier: string) => Promise<string>;

/**
 * The runtime a mapping's consumer invokes through: each invocation of a qualified mapping runs what its
 * qualifier names at that moment, told the qualified ARN (`context.invokedFunctionArn`), so an alias
 * with weighted routing picks per batch and an alias moved to another version takes the next batch.
 * A version or alias that is gone (or no `qualified` lookup, as when Eddy runs only config functions)
 * rejects, as a function that is gone does: the batch never reached a function and is tried again.
 */
export function mappingRuntime(
  runtime: Pick<FunctionRuntime, 'invoke'>,
  d: Deployment,
  qualifier: string | undefined,
  qualified: QualifiedRuntimeName | undefined,
): Pick<FunctionRuntime, 'invoke'> {
  if (qualifier === undefined) return runtime;
  return {
    async invoke(name, request) {
      if (qualified === undefined) throw new Error(`${functionArn(d, name)}:${qualifier} cannot be resolved here`);
      const runtimeName = await qualified(name, qualifier);
      return runtime.invoke(runtimeName, { ...request, invokedFunctionArn: `${functionArn(d, name)}:${qualifier}` });
    },
  };
}
