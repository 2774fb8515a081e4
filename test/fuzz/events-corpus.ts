import { awsJson, type CorpusEntry, type FuzzRequest, type LiveState } from './fuzz-request.js';
import { marker } from './markers.js';

/**
 * A valid request of every EventBridge operation (src/api/eventbridge-service.ts), over AWS JSON 1.1.
 * The live state made the bus `app` with the rules `routed` (targets t1, t2) and `toggled`, the archive
 * `kept` of it and the replay `setup-replay`; writes
 * carry markers in names, patterns, descriptions, policies, tags and target inputs. `routed` keeps
 * at most two targets, so PutTargets keeps succeeding; deletes take what accepted creates made.
 */

/** An EventBridge request (AWS JSON 1.1). */
export const events = (operation: string, json: unknown): FuzzRequest => {
  const request = awsJson(`AWSEvents.${operation}`, json);
  return { ...request, headers: { ...request.headers, 'content-type': 'application/x-amz-json-1.1' } };
};
const queueArn = (live: LiveState, name: string) => `arn:aws:sqs:${live.region}:${live.account}:${name}`;
const busArn = (live: LiveState, name: string) => `arn:aws:events:${live.region}:${live.account}:event-bus/${name}`;
const archiveArn = (live: LiveState, name: string) => `arn:aws:events:${live.region}:${live.account}:archive/${name}`;
/** 2026-01-01T00:00:00Z, the Time of PutEvents entries below: a replay of that second resends a few events each. */
const PUT_SECOND = 1767225600;
const pattern = (m: string) => JSON.stringify({ source: [m], detail: { id: [{ prefix: m }], n: [{ numeric: ['>', 0, '<=', 5] }] } });
const event = (m: string) =>
  JSON.stringify({ id: m, account: '000000000000', source: m, time: '2026-01-01T00:00:00Z', region: 'us-east-1', 'detail-type': 'x', detail: { id: `${m}-1`, n: 3 } });

export const eventsCorpus: readonly CorpusEntry[] = [
  {
    name: 'EventBridge CreateEventBus',
    build: (n) => events('CreateEventBus', {
      Name: marker(n),
      Description: marker(n),
      KmsKeyIdentifier: 'alias/fuzz',
      DeadLetterConfig: { Arn: 'arn:aws:sqs:us-east-1:000000000000:jobs-dlq' },
      LogConfig: { IncludeDetail: 'FULL', Level: 'INFO' },
      Tags: [{ Key: 'marker', Value: marker(n) }],
    }),
  },
  { name: 'EventBridge DescribeEventBus', build: (_n, live) => events('DescribeEventBus', { Name: busArn(live, 'app') }) },
  { name: 'EventBridge ListEventBuses', build: () => events('ListEventBuses', { NamePrefix: 'a', Limit: 2, NextToken: Buffer.from('{"after":"a"}').toString('base64url') }) },
  { name: 'EventBridge UpdateEventBus', build: (n) => events('UpdateEventBus', { Name: 'app', Description: marker(n), LogConfig: { Level: 'ERROR' } }) },
  { name: 'EventBridge DeleteEventBus', build: (n, live) => events('DeleteEventBus', { Name: live.createdBuses.pop() ?? `gone-${n}` }) },
  {
    name: 'EventBridge PutPermission',
    build: (n) => events('PutPermission', {
      EventBusName: 'app',
      Action: 'events:PutEvents',
      Principal: '*',
      StatementId: marker(n),
      Condition: { Type: 'StringEquals', Key: 'aws:PrincipalOrgID', Value: marker(n) },
    }),
  },
  {
    name: 'EventBridge PutPermission (policy)',
    build: (n) => events('PutPermission', {
      Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: marker(n), Effect: 'Allow', Principal: '*', Action: 'events:PutEvents', Resource: '*' }] }),
    }),
  },
  { name: 'EventBridge RemovePermission', build: (n) => events('RemovePermission', { EventBusName: 'app', StatementId: `other-${n}` }) },
  { name: 'EventBridge RemovePermission (all)', build: () => events('RemovePermission', { EventBusName: 'app', RemoveAllPermissions: true }) },
  {
    name: 'EventBridge PutRule',
    build: (n) => events('PutRule', {
      Name: marker(n),
      EventBusName: 'app',
      EventPattern: pattern(marker(n)),
      State: 'ENABLED',
      Description: marker(n),
      RoleArn: `arn:aws:iam::000000000000:role/${marker(n)}`,
      Tags: [{ Key: marker(n), Value: marker(n) }],
    }),
  },
  {
    name: 'EventBridge PutRule (schedule)',
    build: (n) => events('PutRule', { Name: marker(n), ScheduleExpression: 'cron(0/15 8-18 ? * MON-FRI *)', State: 'DISABLED', Description: marker(n) }),
  },
  { name: 'EventBridge DescribeRule', build: () => events('DescribeRule', { Name: 'routed', EventBusName: 'app' }) },
  { name: 'EventBridge ListRules', build: () => events('ListRules', { EventBusName: 'app', NamePrefix: 'r', Limit: 2 }) },
  { name: 'EventBridge EnableRule', build: () => events('EnableRule', { Name: 'toggled', EventBusName: 'app' }) },
  { name: 'EventBridge DisableRule', build: () => events('DisableRule', { Name: 'toggled', EventBusName: 'app' }) },
  { name: 'EventBridge DeleteRule', build: (n, live) => events('DeleteRule', { Name: live.createdRules.pop() ?? `gone-${n}`, EventBusName: 'app', Force: false }) },
  { name: 'EventBridge ListRuleNamesByTarget', build: (_n, live) => events('ListRuleNamesByTarget', { TargetArn: queueArn(live, 'jobs'), EventBusName: 'app', Limit: 5 }) },
  { name: 'EventBridge TestEventPattern', build: (n) => events('TestEventPattern', { EventPattern: pattern(marker(n)), Event: event(marker(n)) }) },
  {
    name: 'EventBridge PutTargets',
    build: (n, live) => events('PutTargets', {
      Rule: 'routed',
      EventBusName: 'app',
      Targets: [
        { Id: 't1', Arn: queueArn(live, 'jobs'), Input: JSON.stringify({ m: marker(n) }), RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 600 } },
        {
          Id: 't2',
          Arn: queueArn(live, 'jobs.fifo'),
          SqsParameters: { MessageGroupId: marker(n) },
          InputTransformer: { InputPathsMap: { id: '$.detail.id' }, InputTemplate: `{"id": <id>, "m": "${marker(n)}"}` },
          DeadLetterConfig: { Arn: queueArn(live, 'jobs-dlq') },
        },
      ],
    }),
  },
  { name: 'EventBridge RemoveTargets', build: () => events('RemoveTargets', { Rule: 'routed', EventBusName: 'app', Ids: ['t3', 'ghost'], Force: false }) },
  { name: 'EventBridge ListTargetsByRule', build: () => events('ListTargetsByRule', { Rule: 'routed', EventBusName: 'app', Limit: 1 }) },
  { name: 'EventBridge TagResource', build: (n, live) => events('TagResource', { ResourceARN: busArn(live, 'app'), Tags: [{ Key: marker(n), Value: marker(n) }] }) },
  { name: 'EventBridge UntagResource', build: (n, live) => events('UntagResource', { ResourceARN: busArn(live, 'app'), TagKeys: [`other-${n}`] }) },
  {
    // Source 'setup' matches the rule 'routed': its targets (queues jobs and jobs.fifo, whose DLQ is jobs-dlq) get the event.
    name: 'EventBridge PutEvents',
    build: (n, live) => events('PutEvents', {
      Entries: [
        { Source: marker(n), DetailType: 'fuzz', Detail: JSON.stringify({ id: `${marker(n)}-1`, n: 3 }), EventBusName: 'app', Resources: [queueArn(live, 'jobs')] },
        { Source: 'setup', DetailType: marker(n), Detail: '{}', Time: PUT_SECOND },
      ],
    }),
  },
  {
    name: 'EventBridge PutEvents (bus ARN, ten entries)',
    build: (n, live) => events('PutEvents', {
      Entries: Array.from({ length: 10 }, (_, i) => ({
        Source: 'setup',
        DetailType: `${marker(n)}-${i}`,
        Detail: JSON.stringify({ id: `${marker(n)}-${i}`, n: i, big: 12345678901234567890, nested: { list: [1, 'two', null, true] } }),
        EventBusName: busArn(live, 'app'),
        Time: PUT_SECOND + 0.5 + i,
        TraceHeader: 'Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1',
      })),
    }),
  },
  {
    name: 'EventBridge CreateArchive',
    build: (n, live) => events('CreateArchive', {
      ArchiveName: marker(n),
      EventSourceArn: busArn(live, 'app'),
      Description: marker(n),
      EventPattern: pattern(marker(n)),
      RetentionDays: 3,
    }),
  },
  { name: 'EventBridge DescribeArchive', build: () => events('DescribeArchive', { ArchiveName: 'kept' }) },
  { name: 'EventBridge UpdateArchive', build: (n) => events('UpdateArchive', { ArchiveName: 'kept', Description: marker(n), RetentionDays: 30 }) },
  { name: 'EventBridge DeleteArchive', build: (n, live) => events('DeleteArchive', { ArchiveName: live.createdArchives.pop() ?? `gone-${n}` }) },
  { name: 'EventBridge ListArchives', build: (_n, live) => events('ListArchives', { EventSourceArn: busArn(live, 'app'), Limit: 2 }) },
  {
    // Replays the events put at PUT_SECOND to the rule 'routed' (its targets: the queues jobs and jobs.fifo).
    name: 'EventBridge StartReplay',
    build: (n, live) => events('StartReplay', {
      ReplayName: marker(n),
      Description: marker(n),
      EventSourceArn: archiveArn(live, 'kept'),
      EventStartTime: PUT_SECOND,
      EventEndTime: PUT_SECOND + 0.999,
      Destination: { Arn: busArn(live, 'app'), FilterArns: [`arn:aws:events:${live.region}:${live.account}:rule/app/routed`] },
    }),
  },
  { name: 'EventBridge DescribeReplay', build: () => events('DescribeReplay', { ReplayName: 'setup-replay' }) },
  { name: 'EventBridge CancelReplay', build: (n, live) => events('CancelReplay', { ReplayName: live.createdReplays.pop() ?? `gone-${n}` }) },
  { name: 'EventBridge ListReplays', build: () => events('ListReplays', { State: 'COMPLETED', Limit: 3 }) },
  {
    name: 'EventBridge ListTagsForResource',
    build: (_n, live) => events('ListTagsForResource', { ResourceARN: `arn:aws:events:${live.region}:${live.account}:rule/app/routed` }),
  },
];
