import { lambdaRest, type CorpusEntry, type LiveState } from './fuzz-request.js';
import { marker } from './markers.js';

/**
 * A valid request of every Pipes route (src/api/pipes-service.ts). Pipes read `mapped`'s stream and are
 * created STOPPED, so none runs; the marker travels in the Description. Requests go through the REST
 * helper (the same signature form; the fuzzed Eddy verifies no values).
 */

const PIPES = '/v1/pipes';
const ROLE = (live: LiveState) => `arn:aws:iam::${live.account}:role/fuzz`;
const bus = (live: LiveState) => `arn:aws:events:${live.region}:${live.account}:event-bus/default`;
const pipeArn = (live: LiveState, name: string) => encodeURIComponent(`arn:aws:pipes:${live.region}:${live.account}:pipe/${name}`);

export const pipesCorpus: readonly CorpusEntry[] = [
  // `kept-pipe`, which Update, Stop and the tag requests name: first, so the unmutated pass creates it before they run.
  {
    name: 'Pipes CreatePipe (kept)',
    build: (_n, live) =>
      lambdaRest('POST', `${PIPES}/kept-pipe`, {
        DesiredState: 'STOPPED',
        Source: live.mappedStreamArn,
        SourceParameters: { DynamoDBStreamParameters: { StartingPosition: 'TRIM_HORIZON' } },
        Target: bus(live),
        RoleArn: ROLE(live),
      }),
  },
  {
    name: 'Pipes CreatePipe',
    build: (n, live) =>
      lambdaRest('POST', `${PIPES}/fuzz-${n}`, {
        Description: marker(n),
        DesiredState: 'STOPPED',
        Source: live.mappedStreamArn,
        SourceParameters: {
          DynamoDBStreamParameters: { StartingPosition: 'LATEST', BatchSize: 10, MaximumRetryAttempts: 1, OnPartialBatchItemFailure: 'AUTOMATIC_BISECT' },
          FilterCriteria: { Filters: [{ Pattern: JSON.stringify({ eventName: ['INSERT'] }) }] },
        },
        Target: bus(live),
        TargetParameters: { InputTemplate: '{"id": <$.dynamodb.Keys.id.S>, "pipe": <aws.pipes.pipe-name>}', EventBridgeEventBusParameters: { Source: 'fuzz.pipes', DetailType: '$.eventName' } },
        RoleArn: ROLE(live),
        Tags: { fuzz: marker(n) },
      }),
  },
  {
    name: 'Pipes UpdatePipe',
    build: (n, live) =>
      lambdaRest('PUT', `${PIPES}/kept-pipe`, { RoleArn: ROLE(live), Description: marker(n), DesiredState: 'STOPPED', SourceParameters: { DynamoDBStreamParameters: { BatchSize: 5 } } }),
  },
  { name: 'Pipes DescribePipe', build: () => lambdaRest('GET', `${PIPES}/kept-pipe`) },
  { name: 'Pipes ListPipes', build: (_n, live) => lambdaRest('GET', `${PIPES}?NamePrefix=fuzz&CurrentState=STOPPED&DesiredState=STOPPED&SourcePrefix=${encodeURIComponent(live.mappedStreamArn)}&Limit=5`) },
  { name: 'Pipes StopPipe', build: () => lambdaRest('POST', `${PIPES}/kept-pipe/stop`) },
  { name: 'Pipes StartPipe (missing)', build: (n) => lambdaRest('POST', `${PIPES}/missing-${n}/start`) },
  { name: 'Pipes DeletePipe', build: (n) => lambdaRest('DELETE', `${PIPES}/fuzz-${n - 1}`) },
  { name: 'Pipes TagResource', build: (n, live) => lambdaRest('POST', `/tags/${pipeArn(live, 'kept-pipe')}`, { tags: { fuzz: marker(n) } }) },
  { name: 'Pipes ListTagsForResource', build: (_n, live) => lambdaRest('GET', `/tags/${pipeArn(live, 'kept-pipe')}`) },
  { name: 'Pipes UntagResource', build: (_n, live) => lambdaRest('DELETE', `/tags/${pipeArn(live, 'kept-pipe')}?tagKeys=fuzz&tagKeys=other`) },
];
