import { setTimeout as delay } from 'node:timers/promises';
import { GetQueueUrlCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';

interface StreamRecord {
  eventSourceARN: string;
  dynamodb: { Keys: { pk: { S: string } }; SequenceNumber: string; NewImage?: { n?: { N: string } } };
}

interface WindowEvent {
  Records: StreamRecord[];
  window: { start: string; end: string };
  state: { count?: number; filler?: string };
  shardId: string;
  eventSourceARN: string;
  isFinalInvokeForWindow: boolean;
  isWindowTerminatedEarly: boolean;
}

const sqs = new SQSClient({});
let queueUrl: string | undefined;

async function report(body: object): Promise<void> {
  queueUrl ??= (await sqs.send(new GetQueueUrlCommand({ QueueName: 'seen' }))).QueueUrl!;
  await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(body) }));
}

const recordsOf = (records: StreamRecord[]) =>
  records.map((r) => ({ pk: r.dynamodb.Keys.pk.S, n: Number(r.dynamodb.NewImage?.n?.N ?? 0), seq: r.dynamodb.SequenceNumber }));

export const timed = async (event: { Records: StreamRecord[] }) => {
  const start = performance.timeOrigin + performance.now();
  // The first version of a "slow" item takes longer: later records of its key must wait for it.
  const slow = recordsOf(event.Records).some((r) => r.pk.startsWith('slow') && r.n === 1);
  await delay(slow ? 300 : 40);
  const end = performance.timeOrigin + performance.now();
  await report({ fn: 'timed', arn: event.Records[0]?.eventSourceARN, records: recordsOf(event.Records), start, end });
};

export const windowed = async (event: WindowEvent) => {
  const { filler, ...state } = event.state;
  await report({
    fn: 'windowed',
    arn: event.eventSourceARN,
    at: (performance.timeOrigin + performance.now()).toFixed(3),
    records: event.Records.map((r) => r.dynamodb.Keys.pk.S),
    window: event.window,
    state: { ...state, ...(filler !== undefined && { filler: filler.length }) },
    shardId: event.shardId,
    isFinalInvokeForWindow: event.isFinalInvokeForWindow,
    isWindowTerminatedEarly: event.isWindowTerminatedEarly,
    keys: Object.keys(event),
  });
  const count = (event.state.count ?? 0) + event.Records.length;
  // A record whose pk starts with "big" makes the state outgrow 1 MB.
  const big = event.Records.some((r) => r.dynamodb.Keys.pk.S.startsWith('big'));
  return { state: { count, ...(big && { filler: 'x'.repeat(1024 * 1024) }) } };
};

export const failing = async (event: { Records: StreamRecord[] }) => {
  if (event.Records.some((r) => r.dynamodb.Keys.pk.S.startsWith('poison'))) throw new Error('poison record');
  await report({ fn: 'failing', arn: event.Records[0]?.eventSourceARN, records: recordsOf(event.Records) });
};
