import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateArchiveCommand, CreateEventBusCommand, PutEventsCommand, StartReplayCommand } from '@aws-sdk/client-eventbridge';
import type { Browser, Page } from 'puppeteer-core';
import { ManualClock } from '../../src/shared/clock.js';
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
  before(async () => {
    // The replay advances only when the test runs it, so the page can be looked at between steps.
    eddy = await startTestEddy({ clock, bus: { replay: { manual: true } } });
    const { default: puppeteer } = await import('puppeteer-core');
    browser = await puppeteer.launch({ executablePath: chromiumPath()!, args: ['--headless=new', '--no-sandbox'] });
    page = await browser.newPage();
  });
  after(async () => {
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
});
