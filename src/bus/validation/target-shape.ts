import { arn, deadLetterConfig } from './bus-shapes.js';
import { HEADER_VALUE_PATTERN, isHeaderValue } from './spaced-text.js';
import { document, integer, list, map, string, structure } from './shapes.js';

/** TargetId: PutTargets' `Targets[].Id` and RemoveTargets' `Ids[]`. */
export const targetId = string({ min: 1, max: 64, pattern: '[\\.\\-_A-Za-z0-9]+' });

const targetInputPath = string({ max: 256 });

/** HttpParameters (the events model's; Pipes' TargetParameters and EnrichmentParameters take the same members). */
export const httpParameters = structure({
  PathParameterValues: list(string({ pattern: '^(?!\\s*$).+' })),
  HeaderParameters: map(
    string({ max: 512, pattern: "^[!#$%&'*+-.^_`|~0-9a-zA-Z]+$" }),
    string({ max: 512, pattern: HEADER_VALUE_PATTERN, matches: isHeaderValue }),
  ),
  QueryStringParameters: map(
    string({ max: 512, pattern: '[^\\x00-\\x1F\\x7F]+' }),
    string({ max: 512, pattern: '[^\\x00-\\x09\\x0B\\x0C\\x0E-\\x1F\\x7F]+' }),
  ),
});

/**
 * A target as PutTargets takes it. The blocks for services Eddy does not deliver to (ECS, Batch,
 * Kinesis, Run Command, Redshift, SageMaker, AppSync) are kept as sent, unchecked.
 */
export const targetShape = structure({
  Id: { ...targetId, notNull: true },
  Arn: { ...arn, notNull: true },
  RoleArn: arn,
  Input: string({ max: 8192 }),
  InputPath: targetInputPath,
  InputTransformer: structure({
    InputPathsMap: map(string({ min: 1, max: 256, pattern: '[A-Za-z0-9\\_\\-]+' }), targetInputPath, { max: 100 }),
    InputTemplate: string({ min: 1, max: 8192, notNull: true }),
  }),
  KinesisParameters: document(),
  RunCommandParameters: document(),
  EcsParameters: document(),
  BatchParameters: document(),
  SqsParameters: structure({ MessageGroupId: string({ max: 100 }) }),
  HttpParameters: httpParameters,
  RedshiftDataParameters: document(),
  SageMakerPipelineParameters: document(),
  DeadLetterConfig: deadLetterConfig,
  RetryPolicy: structure({
    MaximumRetryAttempts: integer({ min: 0, max: 185 }),
    MaximumEventAgeInSeconds: integer({ min: 60, max: 86400 }),
  }),
  AppSyncParameters: document(),
});

/** Targets: 1–100 per request (the model's bound; a rule still holds at most 5). */
export const targetList = list(targetShape, { min: 1, max: 100, notNull: true });
