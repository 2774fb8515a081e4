import { enumOf, integer, list, string, structure } from './shapes.js';

/** Members several EventBridge actions share, with the model's bounds and patterns (botocore events 2015-10-07). */

/** EventBusName: what CreateEventBus and UpdateEventBus take (`/` only for partner buses). */
export const eventBusName = string({ min: 1, max: 256, pattern: '[/\\.\\-_A-Za-z0-9]+' });

/** EventBusNameOrArn: where a bus may be named or given by ARN. */
export const eventBusNameOrArn = string({
  min: 1,
  max: 1600,
  pattern: '(arn:aws[\\w-]*:events:[a-z]+-[a-z]+-[\\w-]+:[0-9]{12}:event-bus\\/)?[/\\.\\-_A-Za-z0-9]+',
});

/** NonPartnerEventBusName: PutPermission and RemovePermission. */
export const nonPartnerEventBusName = string({ min: 1, max: 256, pattern: '[\\.\\-_A-Za-z0-9]+' });

export const ruleName = string({ min: 1, max: 64, pattern: '[\\.\\-_A-Za-z0-9]+' });

export const nextToken = string({ min: 1, max: 2048 });

/** LimitMax100. */
export const limit = integer({ min: 1, max: 100 });

/** Arn, RoleArn, TargetArn, ResourceArn. */
export const arn = string({ min: 1, max: 1600 });

export const eventPattern = string({ max: 4096 });

export const kmsKeyIdentifier = string({ max: 2048, pattern: '^[a-zA-Z0-9_\\-/:]*$' });

export const deadLetterConfig = structure({ Arn: arn });

export const logConfig = structure({
  IncludeDetail: enumOf(['NONE', 'FULL']),
  Level: enumOf(['OFF', 'ERROR', 'INFO', 'TRACE']),
});

export const tagList = list(
  structure({
    Key: string({ min: 1, max: 128, notNull: true }),
    Value: string({ min: 0, max: 256, notNull: true }),
  }),
);

export const tagKeyList = list(string({ min: 1, max: 128 }));

export interface Tag {
  Key: string;
  Value: string;
}
