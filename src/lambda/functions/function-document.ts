import type { Deployment } from '../../shared/arns.js';
import { functionArn } from '../function-names.js';

/** The settings of a function a published version keeps as they were (Lambda's names, defaults filled in). */
export interface FunctionSettings {
  readonly Runtime: string;
  readonly Handler: string;
  readonly Role: string;
  readonly Description: string;
  readonly Timeout: number;
  readonly MemorySize: number;
  readonly Environment: Readonly<Record<string, string>>;
  readonly Architectures: readonly string[];
  readonly EphemeralStorageSize: number;
  readonly TracingMode: string;
  readonly LogFormat: string;
  readonly LogGroup?: string;
  /** DeadLetterConfig.TargetArn: an SQS queue's or SNS topic's ARN (absent: none). */
  readonly DeadLetterTargetArn?: string;
}

/**
 * Where a function's code is: a zip unpacked under the data directory, or (`local`, LocalStack's
 * `S3Bucket: 'hot-reload'` convention) a directory of the user's, run as it is.
 */
export interface FunctionCode {
  readonly kind: 'zip' | 'local';
  readonly dir: string;
  /** Lambda's CodeSha256: base64 SHA-256 of the zip (of the directory's path for local code). */
  readonly sha256: string;
  readonly size: number;
}

/** An immutable snapshot of $LATEST, numbered 1, 2, … */
export interface FunctionVersion {
  readonly version: string;
  readonly settings: FunctionSettings;
  readonly code: FunctionCode;
  readonly revisionId: string;
  /** Epoch ms. */
  readonly lastModified: number;
}

export interface FunctionAlias {
  readonly name: string;
  readonly functionVersion: string;
  readonly description: string;
  /** AdditionalVersionWeights: at most one other version and the share of invocations it gets. */
  readonly weights?: Readonly<Record<string, number>>;
  readonly revisionId: string;
}

/** One statement of a function's resource-based policy, as GetPolicy shows it. */
export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: 'Allow';
  readonly Principal: '*' | { readonly Service: string } | { readonly AWS: string };
  readonly Action: string;
  readonly Resource: string;
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/** A function created through the Lambda API, as stored (FunctionStore's document). */
export interface FunctionDocument {
  readonly settings: FunctionSettings;
  readonly code: FunctionCode;
  /** $LATEST's RevisionId: new for each change of its code or configuration. */
  readonly revisionId: string;
  /** What made the current revision: a create (State Pending until deployed) or an update (LastUpdateStatus InProgress). */
  readonly change: 'create' | 'update';
  readonly lastModified: number;
  readonly versions: readonly FunctionVersion[];
  /** The number the next published version gets (numbers are never reused, as on Lambda). */
  readonly nextVersion: number;
  readonly aliases: readonly FunctionAlias[];
  readonly tags: Readonly<Record<string, string>>;
  /** AddPermission's statements (kept and shown, not enforced), and the policy's RevisionId. */
  readonly policy?: readonly PolicyStatement[];
  readonly policyRevisionId?: string;
}

/** Whether this node runs the function's current revision yet. */
export type DeployState = 'deployed' | 'deploying';

/** Lambda's LastModified form: `2026-01-01T00:00:00.000+0000`. */
export const lastModifiedText = (ms: number): string => new Date(ms).toISOString().replace('Z', '+0000');

/** Two snapshots with the same code and settings, descriptions aside (PublishVersion returns the latest version for an unchanged $LATEST). */
export const sameContent = (a: { settings: FunctionSettings; code: FunctionCode }, b: { settings: FunctionSettings; code: FunctionCode }): boolean =>
  a.code.sha256 === b.code.sha256 && a.code.dir === b.code.dir && JSON.stringify({ ...a.settings, Description: '' }) === JSON.stringify({ ...b.settings, Description: '' });

/**
 * FunctionConfiguration of $LATEST (`version` undefined) or of a published version, in the order Lambda
 * answers it. $LATEST's State and LastUpdateStatus follow this node's deployment: Pending after a create,
 * InProgress after an update, until the revision runs here (SEMANTICS G.3).
 */
export function storedConfiguration(
  name: string,
  doc: FunctionDocument,
  d: Deployment,
  state: DeployState,
  version?: FunctionVersion,
  arnQualifier?: string,
): Record<string, unknown> {
  const s = version?.settings ?? doc.settings;
  const code = version?.code ?? doc.code;
  const qualifier = arnQualifier ?? version?.version;
  const answer: Record<string, unknown> = {
    FunctionName: name,
    FunctionArn: qualifier === undefined ? functionArn(d, name) : `${functionArn(d, name)}:${qualifier}`,
    Runtime: s.Runtime,
    Role: s.Role,
    Handler: s.Handler,
    CodeSize: code.size,
    Description: s.Description,
    Timeout: s.Timeout,
    MemorySize: s.MemorySize,
    LastModified: lastModifiedText(version?.lastModified ?? doc.lastModified),
    CodeSha256: code.sha256,
    Version: version?.version ?? '$LATEST',
  };
  if (s.DeadLetterTargetArn !== undefined) answer['DeadLetterConfig'] = { TargetArn: s.DeadLetterTargetArn };
  if (Object.keys(s.Environment).length > 0) answer['Environment'] = { Variables: { ...s.Environment } };
  answer['TracingConfig'] = { Mode: s.TracingMode };
  answer['RevisionId'] = version?.revisionId ?? doc.revisionId;
  const settled = version !== undefined || state === 'deployed';
  if (settled) {
    Object.assign(answer, { State: 'Active', LastUpdateStatus: 'Successful' });
  } else if (doc.change === 'create') {
    Object.assign(answer, { State: 'Pending', StateReason: 'The function is being created.', StateReasonCode: 'Creating' });
  } else {
    Object.assign(answer, {
      State: 'Active',
      LastUpdateStatus: 'InProgress',
      LastUpdateStatusReason: 'The function is being created.',
      LastUpdateStatusReasonCode: 'Creating',
    });
  }
  Object.assign(answer, {
    PackageType: 'Zip',
    Architectures: [...s.Architectures],
    EphemeralStorage: { Size: s.EphemeralStorageSize },
    SnapStart: { ApplyOn: 'None', OptimizationStatus: 'Off' },
    LoggingConfig: { LogFormat: s.LogFormat, LogGroup: s.LogGroup ?? `/aws/lambda/${name}` },
  });
  return answer;
}
