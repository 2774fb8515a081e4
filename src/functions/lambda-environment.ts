import type { Credentials } from '../shared/credentials.js';
import { lambdaIdentity, runtimeKind, type ResolvedFunctionSpec } from './function-spec.js';

/**
 * An execution environment's variables (a worker's process.env, a runtime process's environment): what
 * Lambda sets (SEMANTICS.md D.6), with AWS_ENDPOINT_URL and credentials (dummy ones, or the pair Eddy
 * verifies signatures with) so the AWS SDK reaches
 * Eddy unchanged (and quietly, see below), then the function's own variables (which win; Lambda's
 * reserved names were refused at deploy). Nothing else of Eddy's environment leaks in but PATH.
 * TZ is set (`:UTC`) for runtimes that run as a process (a Node.js one with `isolation: 'process'`
 * too); a worker thread is left without it, where it would only change what process.env says, not the
 * process's time zone.
 */
export function lambdaVariables(
  spec: ResolvedFunctionSpec,
  runtime: { region: string; endpoint: string; logStreamName: string; credentials?: Credentials | undefined },
): Record<string, string> {
  const identity = lambdaIdentity(spec);
  return {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    LANG: 'en_US.UTF-8',
    ...((runtimeKind(spec.runtime) !== 'node' || spec.isolation === 'process') && { TZ: ':UTC' }),
    AWS_REGION: runtime.region,
    AWS_DEFAULT_REGION: runtime.region,
    AWS_LAMBDA_FUNCTION_NAME: identity.functionName,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(spec.memorySizeMB),
    AWS_LAMBDA_FUNCTION_VERSION: identity.version,
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${identity.functionName}`,
    AWS_LAMBDA_LOG_STREAM_NAME: runtime.logStreamName,
    // Lambda names the runtime here; a custom runtime (provided.*) has none.
    ...(runtimeKind(spec.runtime) === 'node' && { AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs20.x' }),
    ...(runtimeKind(spec.runtime) === 'python' && { AWS_EXECUTION_ENV: `AWS_Lambda_${spec.runtime}` }),
    LAMBDA_TASK_ROOT: spec.baseDir,
    _HANDLER: spec.handler,
    AWS_ENDPOINT_URL: runtime.endpoint,
    AWS_ACCESS_KEY_ID: runtime.credentials?.accessKeyId ?? 'local',
    AWS_SECRET_ACCESS_KEY: runtime.credentials?.secretAccessKey ?? 'local',
    // The pair's session token, or none for a long-term pair: Eddy refuses a token sent with a key configured without one (src/api/sigv4/session-token.ts).
    ...(runtime.credentials === undefined ? { AWS_SESSION_TOKEN: 'local' } : runtime.credentials.sessionToken !== undefined && { AWS_SESSION_TOKEN: runtime.credentials.sessionToken }),
    // The SDK's notice that its 2027 releases need Node 22 concerns the Node running Eddy, not the
    // function; printed by every worker it buries the function's own logs. A function can set it back.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...spec.environment,
  };
}
