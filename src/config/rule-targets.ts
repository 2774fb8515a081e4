import { busArn } from '../bus/bus-arns.js';
import type { TargetDefinition } from '../bus/bus-documents.js';
import { functionArn } from '../lambda/function-names.js';
import { queueArn } from '../queues/queue-url.js';
import type { Deployment } from '../shared/arns.js';
import { topicArn } from '../topics/topic-arns.js';
import type { NormalizedTarget } from './normalized-bus.js';

/**
 * A config target as the Target PutTargets takes: a queue is its SQS ARN (with SqsParameters.MessageGroupId
 * for a FIFO queue), a function its Lambda ARN, a bus its bus ARN, an `http` target the ARN of the API
 * destination made for it (`apiDestination`); the input options, RetryPolicy and DeadLetterConfig as AWS
 * names them.
 */
export function targetDefinition(target: NormalizedTarget, d: Deployment, apiDestination?: string): TargetDefinition {
  const { id, input, inputPath, inputTransformer, retryPolicy, deadLetter } = target;
  const arn =
    'queue' in target ? queueArn(d, target.queue)
    : 'function' in target ? functionArn(d, target.function)
    : 'bus' in target ? busArn(d, target.bus)
    : 'topic' in target ? topicArn(d, target.topic)
    : apiDestination;
  if (arn === undefined) throw new Error(`target ${id}: no API destination was made for it`);
  const paths = inputTransformer?.inputPaths ?? {};
  return {
    Id: id,
    Arn: arn,
    ...(input !== undefined && { Input: input }),
    ...(inputPath !== undefined && { InputPath: inputPath }),
    ...(inputTransformer && {
      InputTransformer: { ...(Object.keys(paths).length > 0 && { InputPathsMap: paths }), InputTemplate: inputTransformer.inputTemplate },
    }),
    ...(retryPolicy && {
      RetryPolicy: {
        ...(retryPolicy.maximumRetryAttempts !== undefined && { MaximumRetryAttempts: retryPolicy.maximumRetryAttempts }),
        ...(retryPolicy.maximumEventAge !== undefined && { MaximumEventAgeInSeconds: retryPolicy.maximumEventAge }),
      },
    }),
    ...(deadLetter && { DeadLetterConfig: { Arn: queueArn(d, deadLetter.queue) } }),
    ...(('queue' in target || 'topic' in target) && target.messageGroupId !== undefined && { SqsParameters: { MessageGroupId: target.messageGroupId } }),
  };
}
