import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BatchWriteItemCommand, CreateTableCommand, DescribeTableCommand, GetItemCommand, ListTablesCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { CreateArchiveCommand, ListEventBusesCommand, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { Browser, Page } from 'puppeteer-core';
import { startTestEddy, type TestEddy } from '../helpers/eddy.js';
import { WAIT, chromiumPath, noChromium, type TextArea } from './chromium.js';

describe('the console in a browser', { skip: noChromium() }, () => {
  let eddy: TestEddy;
  let browser: Browser;
  let page: Page;
  let consoleUrl: string;
  const pageErrors: string[] = [];
  before(async () => {
    eddy = await startTestEddy();
    const { default: puppeteer } = await import('puppeteer-core');
    browser = await puppeteer.launch({ executablePath: chromiumPath()!, args: ['--headless=new', '--no-sandbox'] });
    page = await browser.newPage();
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    consoleUrl = `${eddy.endpoint}/_eddy/console/`;
    await eddy.ddb.send(new CreateTableCommand({
      TableName: 'orders', BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
    }));
  });
  after(async () => {
    await browser?.close();
    await eddy?.stop();
  });

  it('lists the tables', async () => {
    await page.goto(`${consoleUrl}#/tables`);
    const row = await page.waitForSelector('[data-table="orders"]', WAIT);
    assert.match((await row!.evaluate((el) => el.textContent))!, /orders.*id.*NEW_AND_OLD_IMAGES/);
    await page.waitForSelector('[data-connection="online"]', WAIT);
  });

  it('shows a write made through the SDK in the live tail, with its new image', async () => {
    await page.goto(`${consoleUrl}#/streams/orders`);
    await page.waitForSelector('[data-tail-state="live"]', WAIT);
    await eddy.ddb.send(new PutItemCommand({ TableName: 'orders', Item: { id: { S: 'o-1' }, status: { S: 'placed' } } }));
    const record = await page.waitForSelector('[data-record="id=o-1"][data-event="INSERT"]', WAIT);
    await record!.click();
    const diff = await page.waitForSelector('tr.detail .diff', WAIT);
    assert.match((await diff!.evaluate((el) => el.textContent))!, /status.*placed/);
  });

  it('saves an item edited in the editor, as GetItem then reads it', async () => {
    await eddy.ddb.send(new PutItemCommand({ TableName: 'orders', Item: { id: { S: 'o-2' }, status: { S: 'placed' }, total: { N: '10' } } }));
    await page.goto(`${consoleUrl}#/tables/orders`);
    await (await page.waitForSelector('[data-item="o-2"]', WAIT))!.click();
    const editor = await page.waitForSelector('[data-form="item-editor"] textarea', WAIT);
    const text = await editor!.evaluate((el) => (el as unknown as TextArea).value);
    const edited = JSON.parse(text) as Record<string, unknown>;
    assert.deepEqual(edited, { id: { S: 'o-2' }, status: { S: 'placed' }, total: { N: '10' } });
    await editor!.evaluate((el, value) => {
      const area = el as unknown as TextArea;
      area.value = value;
      area.dispatchEvent(new Event('input', { bubbles: true }));
    }, JSON.stringify({ ...edited, status: { S: 'shipped' }, tags: { SS: ['gift'] } }));
    await page.click('[data-action="save-item"]');
    await page.waitForSelector('[data-form="item-editor"]', { ...WAIT, hidden: true });
    const { Item } = await eddy.ddb.send(new GetItemCommand({ TableName: 'orders', Key: { id: { S: 'o-2' } }, ConsistentRead: true }));
    assert.deepEqual(Item, { id: { S: 'o-2' }, status: { S: 'shipped' }, total: { N: '10' }, tags: { SS: ['gift'] } });
  });

  it('shows DynamoDB\'s error when a save is refused, and keeps the editor open', async () => {
    await (await page.waitForSelector('[data-item="o-2"]', WAIT))!.click();
    const editor = await page.waitForSelector('[data-form="item-editor"] textarea', WAIT);
    await editor!.evaluate((el) => {
      const area = el as unknown as TextArea;
      area.value = '{"status": {"S": "no key"}}';
      area.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await page.click('[data-action="save-item"]');
    const note = await page.waitForSelector('[data-form="item-editor"] [data-error="ValidationException"]', WAIT);
    assert.match((await note!.evaluate((el) => el.textContent))!, /key/i);
  });

  it('queries a table by its keys, then pages through a scan with LastEvaluatedKey', async () => {
    await eddy.ddb.send(new CreateTableCommand({
      TableName: 'events', BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: 'user', KeyType: 'HASH' }, { AttributeName: 'at', KeyType: 'RANGE' }],
      AttributeDefinitions: [{ AttributeName: 'user', AttributeType: 'S' }, { AttributeName: 'at', AttributeType: 'N' }],
    }));
    for (let at = 1; at <= 60; at++) await eddy.ddb.send(new PutItemCommand({ TableName: 'events', Item: { user: { S: at % 2 ? 'ada' : 'bob' }, at: { N: String(at) } } }));
    await page.goto(`${consoleUrl}#/tables/events`);
    await page.waitForFunction(() => (globalThis as any).document.querySelectorAll('[data-list="items"] [data-item]').length === 50, WAIT);
    await page.click('[data-action="more"]');
    await page.waitForFunction(() => (globalThis as any).document.querySelectorAll('[data-list="items"] [data-item]').length === 60, WAIT);

    await page.click('[data-mode="query"]');
    await page.type('input[name="pk"]', 'ada');
    await page.select('[data-form="browse"] label.inline select', '>=');
    await page.type('input[name="sk"]', '51');
    await page.click('[data-action="run"]');
    await page.waitForFunction(() => (globalThis as any).document.querySelectorAll('[data-list="items"] [data-item]').length === 5, WAIT);
    const keys = await page.$$eval('[data-list="items"] [data-item]', (rows) => rows.map((row) => row.getAttribute('data-item')));
    assert.deepEqual(keys, ['ada|51', 'ada|53', 'ada|55', 'ada|57', 'ada|59']);
  });

  it('creates a table from the form, and deletes it', async () => {
    await page.goto(`${consoleUrl}#/tables`);
    await (await page.waitForSelector('[data-action="create-table"]', WAIT))!.click();
    await page.type('[data-form="create-table"] input[name="name"]', 'made-in-console');
    await page.click('[data-form="create-table"] button[type="submit"]');
    await page.waitForSelector('[data-title]', WAIT);
    const { Table } = await eddy.ddb.send(new DescribeTableCommand({ TableName: 'made-in-console' }));
    assert.deepEqual(Table!.KeySchema, [{ AttributeName: 'pk', KeyType: 'HASH' }]);
    assert.equal(Table!.StreamSpecification?.StreamViewType, 'NEW_AND_OLD_IMAGES');
    page.once('dialog', (dialog) => void dialog.accept());
    await page.click('[data-action="delete-table"]');
    await page.waitForSelector('[data-list="tables"]', WAIT);
    const { TableNames } = await eddy.ddb.send(new ListTablesCommand({}));
    assert.ok(!TableNames!.includes('made-in-console'), TableNames!.join(', '));
  });

  it('advances Eddy\'s clock from the Time view', async () => {
    await page.goto(`${consoleUrl}#/time`);
    const now = await page.waitForSelector('[data-time-now]:not(:empty)', WAIT);
    const before = Date.parse(`${(await now!.evaluate((el) => el.textContent))!.replace(' ', 'T')}Z`);
    await page.click('[data-advance="1d"]');
    // Runs in the page (the project compiles without the DOM's types: `document` is reached through globalThis).
    await page.waitForFunction((from: number) => {
      const text = (globalThis as unknown as { document: { querySelector(s: string): { textContent: string } | null } }).document.querySelector('[data-time-now]')?.textContent ?? '';
      return Date.parse(`${text.replace(' ', 'T')}Z`) - from >= 86_400_000;
    }, WAIT, before);
    const { offsetMs } = (await (await fetch(`${eddy.endpoint}/_eddy/time`)).json()) as { offsetMs: number };
    assert.ok(offsetMs >= 86_400_000, `offset ${offsetMs}`);
  });

  it('tests a pattern against an event, and puts the event on the bus, from the Event bus view', async () => {
    await page.goto(`${consoleUrl}#/bus`);
    await page.waitForSelector('h2 .live.live', WAIT); // the events feed is open
    await page.click('[data-action="test-pattern"]');
    await page.waitForSelector('[data-pattern-result="match"]', WAIT);
    await page.click('[data-action="put-event"]');
    const row = await page.waitForSelector('[data-list="events"] tr[data-detail-type="OrderPlaced"]', WAIT);
    assert.match((await row!.evaluate((el) => el.textContent))!, /default.*my-app\.orders/);
  });

  it('replays an archive onto its bus from the Event bus view', async () => {
    const { EventBuses } = await eddy.events.send(new ListEventBusesCommand({}));
    const busArn = EventBuses!.find((bus) => bus.Name === 'default')!.Arn!;
    await eddy.events.send(new CreateArchiveCommand({ ArchiveName: 'everything', EventSourceArn: busArn }));
    await eddy.events.send(new PutEventsCommand({ Entries: [{ Source: 'my-app.orders', DetailType: 'OrderShipped', Detail: '{"orderId":"o-9"}' }] }));
    await page.goto(`${consoleUrl}#/bus`);
    await page.waitForSelector('h2 .live.live', WAIT);
    await (await page.waitForSelector('[data-archive="everything"] [data-action="replay"]', WAIT))!.click();
    await page.waitForSelector('[data-replay^="everything-"][data-replay-state="COMPLETED"]', WAIT);
    // The replayed event comes through the bus again, as the live events show.
    await page.waitForSelector('[data-list="events"] tr[data-detail-type="OrderShipped"]', WAIT);
  });

  it('keeps up with a burst of a thousand writes, drawing the newest 300', async () => {
    await eddy.ddb.send(new CreateTableCommand({
      TableName: 'burst', BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'KEYS_ONLY' },
    }));
    await page.goto(`${consoleUrl}#/streams/burst`);
    await page.waitForSelector('[data-tail-state="live"]', WAIT);
    for (let batch = 0; batch < 40; batch++) {
      const items = Array.from({ length: 25 }, (_, i) => ({ PutRequest: { Item: { id: { S: `burst-${batch * 25 + i}` } } } }));
      await eddy.ddb.send(new BatchWriteItemCommand({ RequestItems: { burst: items } }));
    }
    await page.waitForFunction(() => /\b1,000 records received\b/.test((globalThis as any).document.querySelector('.pager')?.textContent ?? ''), { timeout: 60_000 });
    assert.equal(await page.$$eval('[data-list="records"] tr[data-record]', (rows) => rows.length), 300);
  });

  it('peeks at a queue\'s messages, paged, without receiving them', async () => {
    const { QueueUrl } = await eddy.sqs.send(new CreateQueueCommand({ QueueName: 'peeked' }));
    for (let i = 1; i <= 25; i++) await eddy.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: JSON.stringify({ n: i }) }));
    await page.goto(`${consoleUrl}#/queues`);
    await (await page.waitForSelector('[data-queue="peeked"] [data-action="peek"]', WAIT))!.click();
    await page.waitForFunction(() => (globalThis as any).document.querySelectorAll('[data-list="peek"] [data-message]').length === 20, WAIT);
    await (await page.waitForSelector('[data-action="peek-more"]', WAIT))!.click();
    await page.waitForFunction(() => (globalThis as any).document.querySelectorAll('[data-list="peek"] [data-message]').length === 25, WAIT);
    const first = await page.$eval('[data-list="peek"] [data-message]', (el) => el.textContent);
    assert.match(first!, /visible.*\{"n":1\}/);
    const received = await eddy.sqs.send(new ReceiveMessageCommand({ QueueUrl, MessageSystemAttributeNames: ['ApproximateReceiveCount'] }));
    assert.equal(received.Messages?.[0]?.Attributes?.ApproximateReceiveCount, '1');
    // A purge from the view reads the open peek again: empty.
    page.once('dialog', (dialog) => void dialog.accept());
    await page.click('[data-queue="peeked"] [data-action="purge"]');
    await page.waitForSelector('[data-list="peek"] td.empty', WAIT);
  });

  it('threw nothing in the page meanwhile', () => {
    assert.deepEqual(pageErrors, []);
  });
});
