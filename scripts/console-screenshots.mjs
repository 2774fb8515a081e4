// Screenshots of the console's main views for docs/console.md: starts Eddy (from dist/, built first) in
// memory with examples/stream-to-bus, seeds it through the AWS SDK, opens the console in headless Chromium
// (puppeteer-core, Debian's `chromium`) and writes PNGs to docs/console/.
//
//   node scripts/console-screenshots.mjs            # needs `chromium` on the PATH
//   CHROMIUM=/path/to/chrome node scripts/console-screenshots.mjs
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';
import { DynamoDBClient, PutItemCommand, CreateTableCommand, UpdateItemCommand, DeleteItemCommand } from '@aws-sdk/client-dynamodb';
import { SQSClient, CreateQueueCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { LambdaClient, CreateEventSourceMappingCommand } from '@aws-sdk/client-lambda';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = join(root, 'docs/console');
mkdirSync(out, { recursive: true });
execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
const { startEddy } = await import('../dist/main.js');

const chromium = process.env.CHROMIUM ?? execFileSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'], { encoding: 'utf8' }).trim();
const eddy = await startEddy({ memory: true, port: 0, log: false, config: join(root, 'examples/stream-to-bus/eddy.config.ts') });
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const ddb = new DynamoDBClient({ endpoint: eddy.endpoint, region: 'us-east-1', credentials });
const sqs = new SQSClient({ endpoint: eddy.endpoint, region: 'us-east-1', credentials });
const browser = await puppeteer.launch({ executablePath: chromium, args: ['--headless=new', '--no-sandbox', '--force-device-scale-factor=1'], defaultViewport: { width: 1440, height: 900 } });
try {
  // A second table and a queue with a dead-letter queue holding a message, so the overview has more to show.
  await ddb.send(new CreateTableCommand({
    TableName: 'users', BillingMode: 'PAY_PER_REQUEST',
    KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
    StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
  }));
  // A mistake to show: users' stream wired to recordHistory, which takes one record (a rule's target), not a
  // batch — every batch fails, and the mapping retries it and turns red.
  const { TableDescription } = await ddb.send(new (await import('@aws-sdk/client-dynamodb')).DescribeTableCommand({ TableName: 'users' })).then((d) => ({ TableDescription: d.Table }));
  await new LambdaClient({ endpoint: eddy.endpoint, region: 'us-east-1', credentials }).send(
    new CreateEventSourceMappingCommand({ FunctionName: 'recordHistory', EventSourceArn: TableDescription.LatestStreamArn, StartingPosition: 'TRIM_HORIZON', BatchSize: 10 }),
  );
  const dlq = await sqs.send(new CreateQueueCommand({ QueueName: 'emails-dlq' }));
  await sqs.send(new CreateQueueCommand({ QueueName: 'emails', Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:emails-dlq', maxReceiveCount: 3 }) } }));
  await sqs.send(new SendMessageCommand({ QueueUrl: dlq.QueueUrl, MessageBody: '{"to":"ada@example.com"}' }));

  const page = await browser.newPage();
  const console = `${eddy.endpoint}/_eddy/console/`;
  const shot = async (name) => {
    await page.screenshot({ path: join(out, `${name}.png`) });
    process.stdout.write(`docs/console/${name}.png\n`);
  };

  // Streams and the bus first: their live feeds are open while the writes happen.
  const busPage = await browser.newPage();
  await busPage.goto(`${console}#/bus`);
  await busPage.waitForSelector('h2 .live.live');
  await page.bringToFront(); // a background tab draws nothing (the tail waits for an animation frame)
  await page.goto(`${console}#/streams/my-service`);
  await page.waitForSelector('[data-tail-state="live"]');
  const customers = ['CID#1001', 'CID#1002', 'CID#1003'];
  for (let i = 1; i <= 14; i++) {
    await ddb.send(new PutItemCommand({
      TableName: 'my-service',
      Item: {
        pk: { S: `OID#${5000 + i}` }, sk: { S: 'ORDER' }, gsi1_pk: { S: customers[i % 3] }, gsi1_sk: { S: `ORDER#2026-12-0${1 + (i % 7)}` },
        status: { S: i % 4 === 0 ? 'shipped' : 'placed' }, total: { N: String(19.5 * i) }, items: { N: String(1 + (i % 5)) },
      },
    }));
  }
  for (const [i, name] of ['Ada Lovelace', 'Grace Hopper', 'Edsger Dijkstra', 'Barbara Liskov'].entries()) {
    await ddb.send(new PutItemCommand({ TableName: 'my-service', Item: { pk: { S: `UID#${i + 1}` }, sk: { S: 'USER' }, name: { S: name }, gsi1_pk: { S: customers[i % 3] }, gsi1_sk: { S: `USER#${i + 1}` } } }));
    await ddb.send(new PutItemCommand({ TableName: 'users', Item: { id: { S: `u-${i + 1}` }, name: { S: name }, plan: { S: i % 2 ? 'pro' : 'free' }, logins: { N: String(3 * i + 1) } } }));
  }
  await ddb.send(new UpdateItemCommand({ TableName: 'my-service', Key: { pk: { S: 'OID#5003' }, sk: { S: 'ORDER' } }, UpdateExpression: 'SET #s = :s, shippedAt = :t', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':s': { S: 'shipped' }, ':t': { S: '2026-12-07T10:00:00Z' } } }));
  await ddb.send(new DeleteItemCommand({ TableName: 'my-service', Key: { pk: { S: 'OID#5007' }, sk: { S: 'ORDER' } } }));
  await page.waitForSelector('[data-event="REMOVE"]');
  await page.click('[data-event="MODIFY"]');
  await page.waitForSelector('tr.detail');
  await shot('streams');

  await page.goto(`${console}#/overview`);
  await page.waitForSelector('g.node.problem[data-node^="mapping:"]', { timeout: 30_000 });
  await shot('overview');

  await busPage.bringToFront();
  await busPage.waitForSelector('[data-list="events"] .badge.green');
  await busPage.screenshot({ path: join(out, 'bus.png') });
  process.stdout.write('docs/console/bus.png\n');

  await page.bringToFront();
  await page.goto(`${console}#/mappings`);
  await (await page.waitForSelector('tr.bad-row[data-mapping]')).click();
  await page.waitForSelector('.mapping-detail');
  await shot('mappings');

  await page.goto(`${console}#/functions/recordHistory`);
  await page.waitForSelector('[data-log="recordHistory"] .log-line.bad');
  await shot('functions');

  await page.goto(`${console}#/queues`);
  await page.waitForSelector('[data-queue="emails-dlq"]');
  await shot('queues');

  await page.goto(`${console}#/time`);
  await page.waitForSelector('[data-time-now]:not(:empty)');
  await page.click('[data-advance="1h"]');
  await page.waitForSelector('pre.code');
  await shot('time');

  await page.goto(`${console}#/tables`);
  await page.waitForSelector('[data-table="my-service"]');
  await shot('tables');

  await page.goto(`${console}#/tables/my-service`);
  await page.waitForSelector('[data-item]');
  await shot('table-items');

  await page.click('[data-item="OID#5003|ORDER"]');
  await page.waitForSelector('[data-form="item-editor"] textarea');
  await shot('item-editor');
} finally {
  await browser.close();
  await eddy.stop();
}
