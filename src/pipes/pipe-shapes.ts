import { document, enumOf, integer, list, map, required, string, structure } from '../bus/validation/shapes.js';
import { httpParameters } from '../bus/validation/target-shape.js';

/** Request shapes of the Pipes API, with the model's bounds and patterns (botocore pipes 2015-10-07). */

const ARN = 'arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\\-]+):([a-z]{2,4}((-gov)|(-de)|(-iso([a-z]?)))?-[a-z]+(-\\d{1})?)?:(\\d{12})?:(.+)';

export const pipeName = string({ min: 1, max: 64, pattern: '[\\.\\-_A-Za-z0-9]+' });
export const arn = string({ min: 1, max: 1600, pattern: ARN });
const optionalArn = string({ max: 1600, pattern: `$|${ARN}` });
const arnOrUrl = string({
  min: 1,
  max: 1600,
  pattern: `smk://(([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9\\-]*[a-zA-Z0-9])\\.)*([A-Za-z0-9]|[A-Za-z0-9][A-Za-z0-9\\-]*[A-Za-z0-9]):[0-9]{1,5}|${ARN}`,
});
const roleArn = string({ min: 1, max: 1600, pattern: 'arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z0-9+=,.@\\-_/]+' });
export const pipeArn = string({ min: 1, max: 1600, pattern: 'arn:aws([a-z]|\\-)*:([a-zA-Z0-9\\-]+):([a-z]|\\d|\\-)*:([0-9]{12})?:(.+)' });
const description = string({ max: 512, pattern: '.*' });
export const requestedState = enumOf(['RUNNING', 'STOPPED']);
export const pipeState = enumOf([
  'RUNNING', 'STOPPED', 'CREATING', 'UPDATING', 'DELETING', 'STARTING', 'STOPPING', 'CREATE_FAILED', 'UPDATE_FAILED',
  'START_FAILED', 'STOP_FAILED', 'DELETE_FAILED', 'CREATE_ROLLBACK_FAILED', 'DELETE_ROLLBACK_FAILED', 'UPDATE_ROLLBACK_FAILED',
]);
export const tagKey = string({ min: 1, max: 128 });
export const tagMap = map(tagKey, string({ max: 256 }), { min: 1, max: 50 });
const inputTemplate = string({ max: 8192 });
const batchSize = integer({ min: 1, max: 10_000 });
const batchingWindow = integer({ min: 0, max: 300 });
const jsonPath = string({ min: 1, max: 256, pattern: '\\$(\\.[\\w/_-]+(\\[(\\d+|\\*)\\])*)*' });

const filterCriteria = structure({ Filters: list(structure({ Pattern: string({ max: 4096 }) }), { max: 5 }) });
const deadLetterConfig = structure({ Arn: arn });

const streamMembers = {
  BatchSize: batchSize,
  DeadLetterConfig: deadLetterConfig,
  OnPartialBatchItemFailure: enumOf(['AUTOMATIC_BISECT']),
  MaximumBatchingWindowInSeconds: batchingWindow,
  MaximumRecordAgeInSeconds: integer({ min: -1, max: 604_800 }),
  MaximumRetryAttempts: integer({ min: -1, max: 10_000 }),
  ParallelizationFactor: integer({ min: 1, max: 10 }),
};
const sqsSource = structure({ BatchSize: batchSize, MaximumBatchingWindowInSeconds: batchingWindow });
/** Source kinds Eddy has no source for: kept as sent, then refused by the source check. */
const otherSources = {
  KinesisStreamParameters: document(),
  ActiveMQBrokerParameters: document(),
  RabbitMQBrokerParameters: document(),
  ManagedStreamingKafkaParameters: document(),
  SelfManagedKafkaParameters: document(),
};

export const sourceParameters = structure({
  FilterCriteria: filterCriteria,
  DynamoDBStreamParameters: structure({ ...streamMembers, StartingPosition: required(enumOf(['TRIM_HORIZON', 'LATEST'])) }),
  SqsQueueParameters: sqsSource,
  ...otherSources,
});

export const updateSourceParameters = structure({
  FilterCriteria: filterCriteria,
  DynamoDBStreamParameters: structure(streamMembers),
  SqsQueueParameters: sqsSource,
  ...otherSources,
});

export const targetParameters = structure({
  InputTemplate: inputTemplate,
  LambdaFunctionParameters: structure({ InvocationType: enumOf(['REQUEST_RESPONSE', 'FIRE_AND_FORGET']) }),
  SqsQueueParameters: structure({ MessageGroupId: string({ max: 100 }), MessageDeduplicationId: string({ max: 100 }) }),
  EventBridgeEventBusParameters: structure({
    EndpointId: string({ min: 1, max: 50, pattern: '[A-Za-z0-9\\-]+[\\.][A-Za-z0-9\\-]+' }),
    DetailType: string({ min: 1, max: 128 }),
    Source: string({ min: 1, max: 256, pattern: '.*(?=[/\\.\\-_A-Za-z0-9]+)((?!aws\\.).*)|(\\$(\\.[\\w/_-]+(\\[(\\d+|\\*)\\])*)*).*' }),
    Resources: list(string({ min: 1, max: 1600 }), { max: 10 }),
    Time: jsonPath,
  }),
  StepFunctionStateMachineParameters: document(),
  KinesisStreamParameters: document(),
  EcsTaskParameters: document(),
  BatchJobParameters: document(),
  // PipeTargetHttpParameters: the members of the events model's HttpParameters, checked as it checks them (Pipes' own bounds unconfirmed).
  HttpParameters: httpParameters,
  RedshiftDataParameters: document(),
  SageMakerPipelineParameters: document(),
  CloudWatchLogsParameters: document(),
  TimestreamParameters: document(),
});

export const enrichmentParameters = structure({ InputTemplate: inputTemplate, HttpParameters: httpParameters });

const common = {
  Description: description,
  DesiredState: requestedState,
  Enrichment: optionalArn,
  EnrichmentParameters: enrichmentParameters,
  TargetParameters: targetParameters,
  // Stored and echoed; Eddy writes no execution logs to these destinations.
  LogConfiguration: structure({
    Level: required(enumOf(['OFF', 'ERROR', 'INFO', 'TRACE'])),
    S3LogDestination: document(),
    FirehoseLogDestination: document(),
    CloudwatchLogsLogDestination: document(),
    IncludeExecutionData: list(enumOf(['ALL'])),
  }),
  KmsKeyIdentifier: string({ max: 2048, pattern: '[a-zA-Z0-9_\\-/:]*' }),
};

export const createPipeShape = structure({
  Name: required(pipeName),
  Source: required(arnOrUrl),
  SourceParameters: sourceParameters,
  Target: required(arn),
  RoleArn: required(roleArn),
  Tags: tagMap,
  ...common,
});

export const updatePipeShape = structure({
  Name: required(pipeName),
  SourceParameters: updateSourceParameters,
  Target: arn,
  RoleArn: required(roleArn),
  ...common,
});

export const tagResourceShape = structure({ resourceArn: required(pipeArn), tags: required(tagMap) });

export const listPipesShape = structure({
  NamePrefix: pipeName,
  DesiredState: requestedState,
  CurrentState: pipeState,
  SourcePrefix: string({ min: 1, max: 1600 }),
  TargetPrefix: string({ min: 1, max: 1600 }),
  NextToken: string({ min: 1, max: 2048 }),
  Limit: integer({ min: 1, max: 100 }),
});
