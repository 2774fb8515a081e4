import { enumOf, integer, list, string, structure, timestamp, type Shape, type StructureShape } from '../../bus/validation/shapes.js';

/**
 * Scheduler's request shapes (botocore `scheduler` 2021-06-30), in the model's member order, for the
 * shared checker (bus/validation/check-request.ts). Patterns are the model's, quoted in messages.
 */
const document: Shape = { kind: 'document' };
const NAME = string({ min: 1, max: 64, pattern: '^[0-9a-zA-Z-_.]+$' });
const CLIENT_TOKEN = string({ min: 1, max: 64, pattern: '^[a-zA-Z0-9-_]+$' });

const target = structure({
  Arn: string({ notNull: true, min: 1, max: 1600 }),
  RoleArn: string({ notNull: true, min: 1, max: 1600, pattern: '^arn:aws(-[a-z]+)?:iam::\\d{12}:role\\/[\\w+=,.@\\/-]+$' }),
  DeadLetterConfig: structure({ Arn: string({ min: 1, max: 1600, pattern: '^arn:aws(-[a-z]+)?:sqs:[a-z0-9\\-]+:\\d{12}:[a-zA-Z0-9\\-_]+$' }) }),
  RetryPolicy: structure({ MaximumEventAgeInSeconds: integer({ min: 60, max: 86400 }), MaximumRetryAttempts: integer({ min: 0, max: 185 }) }),
  Input: string({ min: 1 }),
  EcsParameters: document,
  EventBridgeParameters: structure({
    DetailType: string({ notNull: true, min: 1, max: 128 }),
    Source: string({ notNull: true, min: 1, max: 256 }),
  }),
  KinesisParameters: document,
  SageMakerPipelineParameters: document,
  SqsParameters: structure({ MessageGroupId: string({ min: 1, max: 128 }) }),
});

/** CreateSchedule and UpdateSchedule take the same input (Name from the path). */
export const scheduleInputShape: StructureShape = structure({
  Name: { ...NAME, notNull: true },
  GroupName: NAME,
  ScheduleExpression: string({ notNull: true, min: 1, max: 256 }),
  StartDate: timestamp(),
  EndDate: timestamp(),
  Description: string({ max: 512 }),
  ScheduleExpressionTimezone: string({ min: 1, max: 50 }),
  State: enumOf(['ENABLED', 'DISABLED']),
  KmsKeyArn: string({ min: 1, max: 2048 }),
  Target: { ...target, notNull: true },
  FlexibleTimeWindow: structure(
    { Mode: enumOf(['OFF', 'FLEXIBLE'], { notNull: true }), MaximumWindowInMinutes: integer({ min: 1, max: 1440 }) },
    { notNull: true },
  ),
  ClientToken: CLIENT_TOKEN,
  ActionAfterCompletion: enumOf(['NONE', 'DELETE']),
});

const TAGS = list(structure({ Key: string({ notNull: true, min: 1, max: 128 }), Value: string({ notNull: true, min: 1, max: 256 }) }), { min: 0, max: 200 });

export const groupInputShape: StructureShape = structure({ Name: { ...NAME, notNull: true }, Tags: TAGS, ClientToken: CLIENT_TOKEN });

/** Get/Delete of a schedule: Name from the path, groupName and clientToken from the query. */
export const scheduleRefShape: StructureShape = structure({ Name: { ...NAME, notNull: true }, GroupName: NAME, ClientToken: CLIENT_TOKEN });

export const groupRefShape: StructureShape = structure({ Name: { ...NAME, notNull: true }, ClientToken: CLIENT_TOKEN });

export const listSchedulesShape: StructureShape = structure({
  GroupName: NAME,
  NamePrefix: NAME,
  State: enumOf(['ENABLED', 'DISABLED']),
  NextToken: string({ min: 1, max: 2048 }),
  MaxResults: integer({ min: 1, max: 100 }),
});

export const listGroupsShape: StructureShape = structure({
  NamePrefix: NAME,
  NextToken: string({ min: 1, max: 2048 }),
  MaxResults: integer({ min: 1, max: 100 }),
});

const RESOURCE_ARN = string({ notNull: true, min: 1, max: 1011, pattern: '^arn:aws(-[a-z]+)?:scheduler:[a-z0-9\\-]+:\\d{12}:schedule-group\\/[0-9a-zA-Z-_.]+$' });
export const tagResourceShape: StructureShape = structure({ ResourceArn: RESOURCE_ARN, Tags: { ...TAGS, notNull: true } });
export const untagResourceShape: StructureShape = structure({ ResourceArn: RESOURCE_ARN, TagKeys: list(string({ min: 1, max: 128 }), { notNull: true, min: 0, max: 200 }) });
export const listTagsShape: StructureShape = structure({ ResourceArn: RESOURCE_ARN });
