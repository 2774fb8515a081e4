import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { CreateTableCommand, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { Browser, Page } from 'puppeteer-core';
import { startTestEddy, type TestEddy } from '../helpers/eddy.js';

/** Debian's chromium (.ci/run installs it), or CHROMIUM; undefined when there is none. */
function chromiumPath(): string | undefined {
  if (process.env.CHROMIUM) return process.env.CHROMIUM;
  try {
    return execFileSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

const chromium = chromiumPath();
/** What the tests touch of a <textarea> (the project compiles without the DOM's types). */
type TextArea = { value: string; dispatchEvent(event: Event): boolean };
const WAIT = { timeout: 20_000 };

describe('the console in a browser', { skip: chromium === undefined && 'no chromium binary on the PATH (apt-get install chromium, as .ci/run does)' }, () => {
  let eddy: TestEddy;
  let browser: Browser;
  let page: Page;
  let consoleUrl: string;
  const pageErrors: string[] = [];
  before(async () => {
    eddy = await startTestEddy();
    const { default: puppeteer } = await import('puppeteer-core');
    browser = await puppeteer.launch({ executablePath: chromium!, args: ['--headless=new', '--no-sandbox'] });
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

  it('threw nothing in the page meanwhile', () => {
    assert.deepEqual(pageErrors, []);
  });
});
