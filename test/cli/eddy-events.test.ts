import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateEventBusCommand, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { CreateQueueCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { eventsClient, sqsClient } from '../helpers/eddy.js';
import { runEddyCli, startEddyCli, type CliProcess } from '../helpers/cli.js';
import { eventually } from '../helpers/eventually.js';

const arn = (service: string, resource: string) => `arn:aws:${service}:us-east-1:000000000000:${resource}`;

/** Starts `eddy events tail ...args` and resolves once it follows the feed (it says so on stderr). */
async function startTail(args: string[]): Promise<CliProcess> {
  const tail = runEddyCli(['events', 'tail', ...args]);
  await eventually('the tail to follow the bus', () => tail.stderr().includes('tailing') || tail.child.exitCode !== null, { accept: Boolean, timeoutMs: 20_000 });
  assert.equal(tail.child.exitCode, null, tail.stderr());
  return tail;
}

async function stopTail(tail: CliProcess): Promise<void> {
  tail.child.kill('SIGINT');
  await tail.exited;
}

describe('eddy events tail and eddy events put', () => {
  let server: CliProcess & { endpoint: string };
  let events: ReturnType<typeof eventsClient>;
  let sqs: ReturnType<typeof sqsClient>;
  const put = async (detailType: string, more: string[] = []) => {
    const cli = runEddyCli(['events', 'put', '--endpoint', server.endpoint, '--bus', 'app', '--source', 'my-service.database', '--detail-type', detailType, ...more]);
    assert.equal((await cli.exited).code, 0, cli.stderr());
    const id = cli.stdout().trim();
    assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    return id;
  };

  before(async () => {
    server = await startEddyCli(['--port', '0', '--memory']);
    events = eventsClient(server.endpoint);
    sqs = sqsClient(server.endpoint);
    for (const QueueName of ['counts-queue', 'bus-dlq']) await sqs.send(new CreateQueueCommand({ QueueName }));
    await events.send(new CreateEventBusCommand({ Name: 'app' }));
    const rule = async (Name: string, pattern: object, Targets: { Id: string; Arn: string; DeadLetterConfig?: { Arn: string } }[]) => {
      await events.send(new PutRuleCommand({ Name, EventBusName: 'app', EventPattern: JSON.stringify(pattern) }));
      await events.send(new PutTargetsCommand({ Rule: Name, EventBusName: 'app', Targets }));
    };
    await rule('customerCounts', { source: ['my-service.database'], 'detail-type': ['INSERT', 'REMOVE'] }, [{ Id: 'counts-queue', Arn: arn('sqs', 'counts-queue') }]);
    // A function that does not exist: its deliveries fail (NO_RESOURCE) to the dead-letter queue.
    await rule('audit', { source: ['my-service.database'] }, [{ Id: 'fn', Arn: arn('lambda', 'function:audit'), DeadLetterConfig: { Arn: arn('sqs', 'bus-dlq') } }]);
    await rule('elsewhere', { source: ['another.service'] }, [{ Id: 'q', Arn: arn('sqs', 'counts-queue') }]);
  });
  after(async () => {
    events.destroy();
    sqs.destroy();
    server.child.kill('SIGTERM');
    await server.exited;
  });

  it('tail prints each put event with the rules it matched, then its failed deliveries; --deliveries adds the successful ones', async () => {
    const tail = await startTail(['app', '--endpoint', server.endpoint]);
    const verbose = await startTail(['app', '--endpoint', server.endpoint, '--deliveries']);
    try {
      const id = await put('INSERT', ['--detail', '{"pk":"OID#1"}']);
      const short = id.slice(0, 8);
      await tail.waitFor(new RegExp(`^\\d\\d:\\d\\d:\\d\\d app {2}my-service\\.database {2}INSERT {2}${short} {2}→ audit, customerCounts$`, 'm'));
      await tail.waitFor(new RegExp(`^ {2}✗ ${short} audit/fn {2}attempt 1: NO_RESOURCE: .*; dead-lettered to bus-dlq$`, 'm'));
      await verbose.waitFor(new RegExp(`^ {2}✓ ${short} customerCounts/counts-queue {2}\\d+ ms$`, 'm'));
      // Once the tail shows an event put after that ✓ was sent, it has had the ✓ too: and printed none.
      const next = (await put('MODIFY')).slice(0, 8);
      await tail.waitFor(new RegExp(`MODIFY {2}${next} {2}→ audit$`, 'm'));
      assert.doesNotMatch(tail.stdout(), /✓/);
      // The event reached the queue of the rule that matched it.
      const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: `${server.endpoint}/000000000000/counts-queue`, WaitTimeSeconds: 5 }));
      assert.equal(JSON.parse(received.Messages![0]!.Body!).id, id);
      assert.deepEqual(JSON.parse(received.Messages![0]!.Body!).detail, { pk: 'OID#1' });
    } finally {
      await stopTail(tail);
      await stopTail(verbose);
    }
  });

  it('tail --json prints every message as JSON: the event, then each delivery with its outcome', async () => {
    const tail = await startTail(['--endpoint', server.endpoint, '--json']);
    try {
      const id = await put('REMOVE', ['--resources', `${arn('dynamodb', 'table/Users')},arn:aws:s3:::b`]);
      await eventually('both deliveries', () => tail.stdout(), { accept: (out) => out.includes('"outcome":"delivered"') && out.includes('"outcome":"dead-lettered"') });
      const messages = tail.stdout().trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
      const [event, ...deliveries] = messages;
      assert.deepEqual({ ...event, time: undefined, acceptedAt: undefined }, {
        type: 'event',
        bus: 'app',
        id,
        source: 'my-service.database',
        detailType: 'REMOVE',
        time: undefined,
        acceptedAt: undefined,
        resources: [arn('dynamodb', 'table/Users'), 'arn:aws:s3:::b'],
        matched: ['audit', 'customerCounts'],
        archivedBy: [],
      });
      assert.deepEqual(deliveries.map((d) => [d['type'], d['eventId'], d['rule'], d['outcome']]).sort(), [
        ['delivery', id, 'audit', 'dead-lettered'],
        ['delivery', id, 'customerCounts', 'delivered'],
      ]);
      const deadLettered = deliveries.find((d) => d['outcome'] === 'dead-lettered')!;
      assert.equal(deadLettered['deadLetterArn'], arn('sqs', 'bus-dlq'));
      assert.match(String(deadLettered['error']), /^NO_RESOURCE: /);
    } finally {
      await stopTail(tail);
    }
  });

  it('put and tail say what is wrong: a missing bus, a detail that is not an object, missing flags', async () => {
    const missing = runEddyCli(['events', 'put', '--endpoint', server.endpoint, '--bus', 'apps', '--source', 's', '--detail-type', 't']);
    assert.equal((await missing.exited).code, 1);
    assert.match(missing.stdout(), /^[0-9a-f-]{36}\n$/);
    assert.equal(missing.stderr(), 'eddy events put: Event bus apps does not exist. The event was dropped.\n');
    const malformed = runEddyCli(['events', 'put', '--endpoint', server.endpoint, '--bus', 'app', '--source', 's', '--detail-type', 't', '--detail', '[1]']);
    assert.equal((await malformed.exited).code, 1);
    assert.equal(malformed.stderr(), 'eddy events put: MalformedDetail: Detail is malformed.\n');
    const usage = runEddyCli(['events', 'put', '--source', 's']);
    assert.equal((await usage.exited).code, 2);
    assert.match(usage.stderr(), /--source and --detail-type are required/);
    const tail = runEddyCli(['events', 'tail', 'apps', '--endpoint', server.endpoint]);
    assert.equal((await tail.exited).code, 1);
    assert.equal(tail.stderr(), 'eddy events tail: Event bus apps does not exist.\n');
    const nowhere = runEddyCli(['events', 'tail', '--endpoint', 'http://127.0.0.1:1']);
    assert.equal((await nowhere.exited).code, 1);
    assert.match(nowhere.stderr(), /cannot reach Eddy at http:\/\/127\.0\.0\.1:1/);
  });
});
