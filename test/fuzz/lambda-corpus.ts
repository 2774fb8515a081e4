import { lambdaRest, type CorpusEntry, type LiveState } from './fuzz-request.js';
import { marker } from './markers.js';

/**
 * A valid request of every Lambda REST route (src/api/lambda-service.ts). Mappings point at `Mapped`
 * and `mapped`, which nothing else writes to, and are created disabled; their filter patterns carry
 * the markers, so a mapping a rejected request left behind shows in ListEventSourceMappings.
 */

const FUNCTIONS = '/2015-03-31/functions';
const MAPPINGS = '/2015-03-31/event-source-mappings';
const INVOKE_CONFIG = '/2019-09-25/functions/echo/event-invoke-config';
const sqsArn = (live: LiveState, name: string) => `arn:aws:sqs:${live.region}:${live.account}:${name}`;
const busArn = (live: LiveState) => `arn:aws:events:${live.region}:${live.account}:event-bus/default`;
const filters = (m: string) => ({ Filters: [{ Pattern: JSON.stringify({ eventName: ['INSERT'], dynamodb: { Keys: { id: { S: [m, { prefix: 'fuzz' }] } } } }) }] });
const clientContext = Buffer.from(JSON.stringify({ custom: { fuzz: true }, env: {}, client: {} })).toString('base64');

export const lambdaCorpus: readonly CorpusEntry[] = [
  {
    name: 'Lambda Invoke',
    build: (n) =>
      lambdaRest('POST', `${FUNCTIONS}/echo/invocations`, { marker: marker(n), list: [1, 'two', null] }, {
        'x-amz-invocation-type': 'RequestResponse',
        'x-amz-log-type': 'Tail',
        'x-amz-client-context': clientContext,
      }),
  },
  { name: 'Lambda Invoke (Event)', build: (n) => lambdaRest('POST', `${FUNCTIONS}/other/invocations`, { marker: marker(n) }, { 'x-amz-invocation-type': 'Event' }) },
  {
    name: 'Lambda Invoke (DryRun, ARN)',
    build: (n, live) =>
      lambdaRest('POST', `${FUNCTIONS}/arn%3Aaws%3Alambda%3A${live.region}%3A${live.account}%3Afunction%3Aecho/invocations?Qualifier=%24LATEST`, { marker: marker(n) }, {
        'x-amz-invocation-type': 'DryRun',
      }),
  },
  { name: 'Lambda GetFunction', build: () => lambdaRest('GET', `${FUNCTIONS}/echo`) },
  { name: 'Lambda GetFunctionConfiguration', build: () => lambdaRest('GET', `${FUNCTIONS}/echo/configuration?Qualifier=%24LATEST`) },
  { name: 'Lambda ListFunctions', build: () => lambdaRest('GET', `${FUNCTIONS}/?MaxItems=1&Marker=${Buffer.from('echo').toString('base64url')}`) },
  {
    name: 'Lambda CreateEventSourceMapping (stream)',
    build: (n, live) => lambdaRest('POST', `${MAPPINGS}/`, {
      FunctionName: 'echo',
      EventSourceArn: live.mappedStreamArn,
      StartingPosition: 'LATEST',
      BatchSize: 10,
      Enabled: false,
      MaximumBatchingWindowInSeconds: 0,
      MaximumRetryAttempts: 1,
      MaximumRecordAgeInSeconds: 60,
      BisectBatchOnFunctionError: true,
      ParallelizationFactor: 2,
      TumblingWindowInSeconds: 0,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: sqsArn(live, 'scratch') } },
      FilterCriteria: filters(marker(n)),
    }),
  },
  {
    name: 'Lambda CreateEventSourceMapping (queue)',
    build: (n, live) => lambdaRest('POST', `${MAPPINGS}`, {
      FunctionName: `arn:aws:lambda:${live.region}:${live.account}:function:echo`,
      EventSourceArn: sqsArn(live, 'mapped'),
      BatchSize: 5,
      Enabled: false,
      ScalingConfig: { MaximumConcurrency: 2 },
      FilterCriteria: { Filters: [{ Pattern: JSON.stringify({ body: { marker: [marker(n)] } }) }] },
    }),
  },
  { name: 'Lambda GetEventSourceMapping', build: (_n, live) => lambdaRest('GET', `${MAPPINGS}/${live.mappingUuid}`) },
  {
    name: 'Lambda UpdateEventSourceMapping',
    build: (n, live) => lambdaRest('PUT', `${MAPPINGS}/${live.mappingUuid}`, { BatchSize: 20, Enabled: false, FunctionName: 'other', FilterCriteria: filters(marker(n)) }),
  },
  {
    name: 'Lambda DeleteEventSourceMapping',
    build: (n, live) => lambdaRest('DELETE', `${MAPPINGS}/${live.createdMappings.pop() ?? `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`}`),
  },
  {
    // Destinations are queues and the default bus only: a function destination mutated into a pair of
    // functions naming each other would invoke them back and forth for the rest of the run. The failure
    // queue's name is the marker (a queue that need not exist: its records are dropped).
    name: 'Lambda PutFunctionEventInvokeConfig',
    build: (n, live) =>
      lambdaRest('PUT', `${INVOKE_CONFIG}?Qualifier=%24LATEST`, {
        MaximumRetryAttempts: 1,
        MaximumEventAgeInSeconds: 600,
        DestinationConfig: { OnSuccess: { Destination: busArn(live) }, OnFailure: { Destination: sqsArn(live, marker(n)) } },
      }),
  },
  {
    name: 'Lambda UpdateFunctionEventInvokeConfig',
    build: (_n, live) => lambdaRest('POST', INVOKE_CONFIG, { MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 60, DestinationConfig: { OnSuccess: { Destination: sqsArn(live, 'scratch') } } }),
  },
  { name: 'Lambda GetFunctionEventInvokeConfig', build: () => lambdaRest('GET', `${INVOKE_CONFIG}?Qualifier=%24LATEST`) },
  { name: 'Lambda DeleteFunctionEventInvokeConfig', build: () => lambdaRest('DELETE', INVOKE_CONFIG) },
  { name: 'Lambda ListFunctionEventInvokeConfigs', build: () => lambdaRest('GET', `${INVOKE_CONFIG}/list?MaxItems=5`) },
  {
    name: 'Lambda ListEventSourceMappings',
    build: (_n, live) => lambdaRest('GET', `${MAPPINGS}/?FunctionName=other&EventSourceArn=${encodeURIComponent(live.mappedStreamArn)}&MaxItems=5`),
  },
];
