import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { DescribeStreamCommand, GetRecordsCommand, GetShardIteratorCommand, type _Record } from '@aws-sdk/client-dynamodb-streams';
import { DeleteMessageCommand, GetQueueUrlCommand, ReceiveMessageCommand, type Message } from '@aws-sdk/client-sqs';
import { QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { eventually } from '../../test/helpers/eventually.js';
import { startTestEddy, type TestEddy } from '../../test/helpers/eddy.js';

const config = fileURLToPath(new URL('./eddy.config.ts', import.meta.url));

interface Push {
  repo: string;
  sha: string;
  message: string;
}
const sha = (seed: string) => createHash('sha1').update(seed).digest('hex');
const pushes: Push[] = [
  { repo: 'acme/web', sha: sha('web-1'), message: 'Add the login page' },
  { repo: 'acme/web', sha: sha('web-2'), message: 'Rewrite the router [fail]' },
  { repo: 'acme/api', sha: sha('api-1'), message: 'Bump dependencies' },
  { repo: 'acme/web', sha: sha('web-3'), message: 'Fix the router' },
];
const jobIdOf = (push: Push) => `${push.repo}@${push.sha}`;
const expectedStatus = (push: Push) => (push.message.includes('[fail]') ? 'failed' : 'passed');
const summaryOf = (push: Push) => (push.message.includes('[fail]') ? '1 of 12 checks failed on ' : '12 checks passed on ') + push.sha.slice(0, 7);

describe('example: ci-scheduler (webhooks → jobs → scheduler → notifier)', () => {
  let eddy: TestEddy;
  let jobsStream: string;
  let notificationsUrl: string;
  /** Delivery ids sent so far, by job id. */
  const deliveries = new Map<string, string[]>();

  before(async () => {
    eddy = await startTestEddy({ config, triggers: { retryBaseMs: 20, retryMaxMs: 200 } });
    jobsStream = (await eddy.ddb.send(new DescribeTableCommand({ TableName: 'jobs' }))).Table!.LatestStreamArn!;
    notificationsUrl = (await eddy.sqs.send(new GetQueueUrlCommand({ QueueName: 'notifications.fifo' }))).QueueUrl!;
  });
  after(() => eddy.stop());

  function deliver(push: Push, delivery: string = randomUUID(), event = 'push'): Promise<Response> {
    return fetch(`${eddy.httpEndpoint}/webhooks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'X-GitHub-Event': event, 'X-GitHub-Delivery': delivery },
      body: JSON.stringify({ ref: 'refs/heads/main', after: push.sha, repository: { full_name: push.repo }, head_commit: { id: push.sha, message: push.message } }),
    });
  }

  /** Every record of the jobs stream so far, in order (one shard). */
  async function jobsStreamRecords(): Promise<_Record[]> {
    const { StreamDescription } = await eddy.streams.send(new DescribeStreamCommand({ StreamArn: jobsStream }));
    assert.equal(StreamDescription!.Shards!.length, 1);
    let iterator = (await eddy.streams.send(new GetShardIteratorCommand({ StreamArn: jobsStream, ShardId: StreamDescription!.Shards![0]!.ShardId!, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator;
    const records: _Record[] = [];
    while (iterator !== undefined) {
      const page = await eddy.streams.send(new GetRecordsCommand({ ShardIterator: iterator }));
      if (page.Records!.length === 0) break;
      records.push(...page.Records!);
      iterator = page.NextShardIterator;
    }
    return records;
  }

  /** Waits until both stream mappings have checkpointed every record of the jobs stream. */
  async function pipelineSettled(): Promise<void> {
    const last = (await jobsStreamRecords()).at(-1)!.dynamodb!.SequenceNumber!;
    await eventually(`both mappings at ${last}`, async () => {
      const { mappings } = (await (await fetch(`${eddy.endpoint}/_eddy/mappings`)).json()) as {
        mappings: { functionName: string; lastProcessingResult: string; shards: { checkpoint?: string; inFlight: number }[] }[];
      };
      const settled = mappings.filter((m) => m.shards.length === 1 && m.shards[0]!.checkpoint === last && m.shards[0]!.inFlight === 0);
      return settled.length === 2 ? settled : undefined;
    });
  }

  /** Receives (and deletes) every notification waiting in the FIFO queue, in the order SQS hands them out. */
  async function drainNotifications(): Promise<Message[]> {
    const received: Message[] = [];
    for (;;) {
      const { Messages = [] } = await eddy.sqs.send(
        new ReceiveMessageCommand({ QueueUrl: notificationsUrl, MaxNumberOfMessages: 10, MessageSystemAttributeNames: ['MessageGroupId', 'MessageDeduplicationId'] }),
      );
      if (Messages.length === 0) return received;
      for (const message of Messages) {
        received.push(message);
        await eddy.sqs.send(new DeleteMessageCommand({ QueueUrl: notificationsUrl, ReceiptHandle: message.ReceiptHandle }));
      }
    }
  }

  async function runsOf(jobId: string): Promise<Record<string, unknown>[]> {
    return (await eddy.doc.send(new QueryCommand({ TableName: 'runs', KeyConditionExpression: 'jobId = :j', ExpressionAttributeValues: { ':j': jobId } }))).Items!;
  }

  async function notifierLines(): Promise<string[]> {
    const { lines } = (await eddy.admin('/_eddy/functions/logs', { function: 'notifyStatus', limit: 1000 })) as { lines: { message: string }[] };
    return lines.map((l) => l.message).filter((m) => m.includes('\tINFO\tnotified '));
  }

  it('runs each job exactly once however often its push is delivered, and notifies each outcome once, in order per repository', async () => {
    // 4 pushes × 6 deliveries, all at once, interleaved.
    const sends = Array.from({ length: 6 }, () => pushes).flat().map((push) => {
      const delivery = randomUUID();
      deliveries.set(jobIdOf(push), [...(deliveries.get(jobIdOf(push)) ?? []), delivery]);
      return deliver(push, delivery);
    });
    const responses = await Promise.all(sends);
    for (const res of responses) {
      assert.equal(res.status, 202);
      const body = (await res.json()) as { jobId: string; status: string; deliveries: number };
      assert.ok(pushes.some((p) => jobIdOf(p) === body.jobId), body.jobId);
      assert.ok(body.deliveries >= 1 && body.deliveries <= 6);
    }

    await eventually('every job finished', async () => {
      const { Items = [] } = await eddy.doc.send(new ScanCommand({ TableName: 'jobs' }));
      return Items.length === 4 && Items.every((job) => job.status === 'passed' || job.status === 'failed') ? Items : undefined;
    });
    await pipelineSettled();

    const jobs = new Map<string, Record<string, any>>();
    for (const push of pushes) {
      const { Items = [] } = await eddy.doc.send(new ScanCommand({ TableName: 'jobs', FilterExpression: 'jobId = :j', ExpressionAttributeValues: { ':j': jobIdOf(push) } }));
      const job = Items[0]!;
      jobs.set(jobIdOf(push), job);
      assert.deepEqual(Object.keys(job).sort(), ['createdAt', 'deliveries', 'finishedAt', 'jobId', 'message', 'repo', 'runId', 'sha', 'startedAt', 'status', 'summary']);
      assert.deepEqual({ repo: job.repo, sha: job.sha, message: job.message, status: job.status, summary: job.summary }, {
        repo: push.repo, sha: push.sha, message: push.message, status: expectedStatus(push), summary: summaryOf(push),
      });
      assert.deepEqual([...job.deliveries].sort(), [...deliveries.get(jobIdOf(push))!].sort());
      assert.ok(job.createdAt <= job.startedAt && job.startedAt <= job.finishedAt, JSON.stringify(job));
      // Exactly one run, the one that claimed the job.
      assert.deepEqual(await runsOf(jobIdOf(push)), [
        { jobId: jobIdOf(push), runId: job.runId, startedAt: job.startedAt, finishedAt: job.finishedAt, status: expectedStatus(push), summary: summaryOf(push) },
      ]);
    }

    // The order each repository's jobs finished in, as the stream recorded it.
    const finishOrder = (await jobsStreamRecords())
      .filter((r) => r.eventName === 'MODIFY' && r.dynamodb!.OldImage!.status!.S === 'active')
      .map((r) => r.dynamodb!.NewImage!.jobId!.S!);
    assert.equal(finishOrder.length, 4);
    const notifications = await drainNotifications();
    assert.equal(notifications.length, 4);
    const byRepo = (repo: string, ids: string[]) => ids.filter((id) => id.startsWith(`${repo}@`));
    for (const repo of ['acme/web', 'acme/api']) {
      const received = notifications.filter((m) => m.Attributes!.MessageGroupId === repo).map((m) => JSON.parse(m.Body!) as Record<string, string>);
      assert.deepEqual(received.map((n) => n.jobId), byRepo(repo, finishOrder));
      for (const notification of received) {
        const job = jobs.get(notification.jobId!)!;
        assert.deepEqual(notification, { jobId: job.jobId, repo, sha: job.sha, status: job.status, summary: job.summary, finishedAt: job.finishedAt });
      }
    }
    assert.deepEqual(notifications.map((m) => m.Attributes!.MessageDeduplicationId).sort(), pushes.map((p) => `${jobIdOf(p)}#${expectedStatus(p)}`).sort());
    assert.equal((await notifierLines()).length, 4);
  });

  it('takes a late delivery of a finished job without running it again or notifying again', async () => {
    const [first, second] = pushes;
    const late = await deliver(first!);
    assert.equal(late.status, 202);
    assert.deepEqual(await late.json(), { jobId: jobIdOf(first!), status: 'passed', deliveries: 7 });
    // GitHub's "Redeliver" resends the same delivery id: the item does not change, so no stream record either.
    const again = await deliver(second!, deliveries.get(jobIdOf(second!))![0]);
    assert.deepEqual(await again.json(), { jobId: jobIdOf(second!), status: 'failed', deliveries: 6 });
    await pipelineSettled();

    assert.equal((await runsOf(jobIdOf(first!))).length, 1);
    assert.equal((await runsOf(jobIdOf(second!))).length, 1);
    assert.deepEqual(await drainNotifications(), []);
    assert.equal((await notifierLines()).length, 4);
  });

  it('answers 400 to a delivery without an id or with a body that is not a push, and ignores other events', async () => {
    const missingId = await fetch(`${eddy.httpEndpoint}/webhooks`, { method: 'POST', body: '{}' });
    assert.equal(missingId.status, 400);
    assert.deepEqual(await missingId.json(), { message: 'missing X-GitHub-Delivery header' });
    const notPush = await fetch(`${eddy.httpEndpoint}/webhooks`, { method: 'POST', headers: { 'X-GitHub-Delivery': 'd-1' }, body: JSON.stringify({ after: 'main' }) });
    assert.equal(notPush.status, 400);
    assert.deepEqual(await notPush.json(), { message: 'repository.full_name must be "owner/name"' });
    const ping = await deliver(pushes[0]!, 'd-2', 'ping');
    assert.equal(ping.status, 200);
    assert.deepEqual(await ping.json(), { ignored: 'ping event' });
  });
});
