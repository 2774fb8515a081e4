import type { DeployedFunction } from '../functions/function-runtime.js';
import type { Deployment } from '../shared/arns.js';

/** FunctionConfiguration as GetFunction / ListFunctions answer it. */
export function functionConfiguration(fn: DeployedFunction, d: Deployment): Record<string, unknown> {
  const spec = fn.spec;
  return {
    FunctionName: spec.name,
    FunctionArn: fn.arn,
    Runtime: spec.runtime ?? 'nodejs20.x',
    Role: `arn:aws:iam::${d.account}:role/eddy-function`,
    Handler: spec.handler,
    CodeSize: fn.codeSize,
    Description: '',
    Timeout: spec.timeoutSeconds,
    MemorySize: spec.memorySizeMB,
    LastModified: fn.lastModified,
    CodeSha256: fn.codeSha256,
    Version: '$LATEST',
    Environment: { Variables: { ...spec.environment } },
    TracingConfig: { Mode: 'PassThrough' },
    RevisionId: fn.codeSha256,
    State: 'Active',
    LastUpdateStatus: 'Successful',
    PackageType: 'Zip',
    Architectures: ['x86_64'],
    EphemeralStorage: { Size: 512 },
    LoggingConfig: { LogFormat: 'Text', LogGroup: `/aws/lambda/${spec.name}` },
  };
}
