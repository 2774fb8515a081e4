import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BatchWriteItemCommand, CreateTableCommand, UpdateTableCommand } from '@aws-sdk/client-dynamodb';
import { CreateArchiveCommand, CreateEventBusCommand, PutEventsCommand, StartReplayCommand } from '@aws-sdk/client-eventbridge';
import type { Browser, Page } from 'puppeteer-core';
import { ManualClock } from '../../src/shared/clock.js';
import { BackfillGate } from '../helpers/backfill-gate.js';
import { startTestEddy, type TestEddy } from '../helpers/eddy.js';
import { WAIT, chromiumPath, noChromium } from './chromium.js';

const MINUTE = 60_000;
const ACCOUNT = '000000000000';

/** The shell's progress bar, fed by GET /_eddy/progress/feed. */
describe('the console shows long work under way', { skip: noChromium() }, () => {
  let eddy: TestEddy;
  let browser: Browser;
  let page: Page;
  const clock = new ManualClock(Date.UTC(2026, 6, 1, 12));
  const backfill = new BackfillGate();
  before(async () => {
    // Replays and GSI backfills advance only when the test lets them, so the page can be looked at between steps.
    eddy = await startTestEddy({ clock, bus: { replay: { manual: true } }, indexBackfill: backfill.options });
    const { default: puppeteer } = await import('puppeteer-core');
    browser = await puppeteer.launch({ executablePath: chromiumPath()!, args: ['--headless=new', '--no-sandbox'] });
    page = await browser.newPage();
  });
  after(async () => {
    backfill.open();
    await browser?.close();
    await eddy?.stop();
  });

  it('a replay appears under the header with its share of the window, then as finished; nothing shows while nothing runs', async () => {
    await page.goto(`${eddy.endpoint}/_eddy/console/#/overview`);
    await page.waitForSelector('[data-connection="online"]', WAIT);
    assert.equal(await page.$('[data-progress]'), null);
    const busArn = `arn:aws:events:us-east-1:${ACCOUNT}:event-bus/shown`;
    await eddy.events.send(new CreateEventBusCommand({ Name: 'shown' }));
    await eddy.events.send(new CreateArchiveCommand({ ArchiveName: 'shown-archive', EventSourceArn: busArn }));
    const t0 = clock.now() - 60 * MINUTE;
    for (const minute of [3, 7]) {
      await eddy.events.send(new PutEventsCommand({ Entries: [{ EventBusName: 'shown', Source: 's', DetailType: 'd', Detail: '{}', Time: new Date(t0 + minute * MINUTE) }] }));
    }
    await eddy.events.send(
      new StartReplayCommand({
        ReplayName: 'shown-replay',
        EventSourceArn: `arn:aws:events:us-east-1:${ACCOUNT}:archive/shown-archive`,
        EventStartTime: new Date(t0),
        EventEndTime: new Date(t0 + 10 * MINUTE),
        Destination: { Arn: busArn },
      }),
    );
    const text = async (selector: string) => (await (await page.waitForSelector(selector, WAIT))!.evaluate((el) => el.textContent))!;
    assert.match(await text('[data-task="replay:shown-replay"][data-state="running"]'), /Replay shown-replay.*0%/);
    await eddy.admin('/_eddy/bus/replays/run', { steps: 1 }); // the event of minute 3, of ten
    await page.waitForFunction(`document.querySelector('[data-task="replay:shown-replay"] .progress-count')?.textContent === '30%'`, WAIT);
    await eddy.admin('/_eddy/bus/replays/run', {});
    assert.match(await text('[data-task="replay:shown-replay"][data-state="finished"]'), /finished/);
  });

  it("a GSI backfill shows its items scanned on the table's indexes tab and in the bar, until its index is ACTIVE", async () => {
    await eddy.ddb.send(
      new CreateTableCommand({ TableName: 'filled', BillingMode: 'PAY_PER_REQUEST', KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }] }),
    );
    for (let batch = 0; batch < 10; batch++) { // 250 items: three pages of the backfill (100 a page)
      const items = Array.from({ length: 25 }, (_, i) => ({ PutRequest: { Item: { id: { S: `i-${batch}-${i}` }, tag: { S: `t${i % 3}` } } } }));
      await eddy.ddb.send(new BatchWriteItemCommand({ RequestItems: { filled: items } }));
    }
    await eddy.ddb.send(
      new UpdateTableCommand({
        TableName: 'filled',
        AttributeDefinitions: [{ AttributeName: 'tag', AttributeType: 'S' }],
        GlobalSecondaryIndexUpdates: [{ Create: { IndexName: 'byTag', KeySchema: [{ AttributeName: 'tag', KeyType: 'HASH' }], Projection: { ProjectionType: 'KEYS_ONLY' } } }],
      }),
    );
    assert.equal((await backfill.held()).done, 0);
    await page.goto(`${eddy.endpoint}/_eddy/console/#/tables/filled`);
    await (await page.waitForSelector('.tabs .tab:nth-child(2)', WAIT))!.click(); // Indexes
    const shown = (selector: string, text: string) =>
      page.waitForFunction(`document.querySelector(${JSON.stringify(selector)})?.textContent.trim() === ${JSON.stringify(text)}`, WAIT);
    const row = '[data-backfill="filled/byTag"]';
    const bar = '[data-task="backfill:filled/byTag"][data-state="running"] .progress-count';
    await shown(row, '0 / 250 items backfilled');
    await shown(bar, '0 / 250 items');
    assert.match((await page.$eval(row, (el) => el.parentElement!.textContent))!, /^CREATING/);
    backfill.step();
    assert.equal((await backfill.held()).done, 100);
    await shown(row, '100 / 250 items backfilled');
    await shown(bar, '100 / 250 items');
    backfill.open();
    await page.waitForSelector('[data-task="backfill:filled/byTag"]', { ...WAIT, hidden: true });
    await page.waitForFunction(`/^byTag.*ACTIVE$/.test(document.querySelector('.grid tbody tr')?.textContent)`, WAIT);
    assert.equal(await page.$(row), null);
  });
});
