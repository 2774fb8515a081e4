import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreateTableCommand, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, ListQueuesCommand } from '@aws-sdk/client-sqs';
import type { Browser, Page } from 'puppeteer-core';
import { startTestEddy, type TestEddy } from '../helpers/eddy.js';
import { hashTable } from '../conformance/dynamodb/table-fixtures.js';
import { chromiumPath, noChromium } from './chromium.js';

/** What a page may send without keys: a signature of the right form (only its form is checked without --auth-file). */
const AUTH = 'AWS4-HMAC-SHA256 Credential=AKIDTEST/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=00';
const presigned = (target: string) =>
  new URLSearchParams({ 'X-Amz-Target': target, 'X-Amz-Algorithm': 'AWS4-HMAC-SHA256', 'X-Amz-Credential': 'AKIDTEST/20260101/us-east-1/sqs/aws4_request', 'X-Amz-Date': '20260101T000000Z', 'X-Amz-Expires': '300', 'X-Amz-SignedHeaders': 'host', 'X-Amz-Signature': '00' }).toString();

// A real browser, its pages on two origins: evil.test (mapped to 127.0.0.1, so a site on the network as far as
// Eddy can tell from the Origin) and localhost. What the browser sends is its own: Origin, preflights.
describe('a browser page calling the AWS APIs', { skip: noChromium() }, () => {
  let eddy: TestEddy;
  let pages: Server;
  let browser: Browser;
  let page: Page;
  let pagesPort: number;
  before(async () => {
    eddy = await startTestEddy();
    pages = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>page</title>'));
    pagesPort = await new Promise<number>((resolve) => pages.listen(0, '127.0.0.1', () => resolve((pages.address() as AddressInfo).port)));
    const { default: puppeteer } = await import('puppeteer-core');
    browser = await puppeteer.launch({ executablePath: chromiumPath()!, args: ['--headless=new', '--no-sandbox', '--host-resolver-rules=MAP evil.test 127.0.0.1'] });
    page = await browser.newPage();
    for (const table of ['kept', 'dropped']) await eddy.ddb.send(new CreateTableCommand(hashTable(table)));
    await eddy.sqs.send(new CreateQueueCommand({ QueueName: 'kept' }));
  });
  after(async () => {
    await browser?.close();
    pages?.closeAllConnections();
    await new Promise((resolve) => pages?.close(resolve));
    await eddy?.stop();
  });

  /** Runs in the page: DeleteTable with fetch (preflighted), then DeleteQueue as a text/plain POST (no preflight, answer opaque). */
  const attempt = (endpoint: string, table: string, sqsQuery: string, queueUrl: string) =>
    page.evaluate(
      async (endpoint, auth, table, sqsQuery, queueUrl) => {
        let deleteTable: string;
        try {
          const res = await fetch(`${endpoint}/`, { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.DeleteTable', authorization: auth, 'x-amz-date': '20260101T000000Z' }, body: JSON.stringify({ TableName: table }) });
          deleteTable = String(res.status);
        } catch (error) {
          deleteTable = (error as Error).name; // a preflight the server refused: TypeError, "Failed to fetch"
        }
        await fetch(`${endpoint}/?${sqsQuery}`, { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ QueueUrl: queueUrl }) });
        return deleteTable;
      },
      endpoint, AUTH, table, sqsQuery, queueUrl,
    );

  it("refuses another site's page, preflighted or not: the table and the queue stay", async () => {
    await page.goto(`http://evil.test:${pagesPort}/`);
    const { QueueUrls } = await eddy.sqs.send(new ListQueuesCommand({}));
    assert.equal(await attempt(eddy.endpoint, 'kept', presigned('AmazonSQS.DeleteQueue'), QueueUrls![0]!), 'TypeError');
    assert.ok((await eddy.ddb.send(new ListTablesCommand({}))).TableNames?.includes('kept'));
    assert.deepEqual((await eddy.sqs.send(new ListQueuesCommand({}))).QueueUrls, QueueUrls, 'the text/plain POST deleted nothing');
  });

  it('answers a page on localhost as before', async () => {
    await page.goto(`http://localhost:${pagesPort}/`);
    const { QueueUrl } = await eddy.sqs.send(new CreateQueueCommand({ QueueName: 'dropped' }));
    assert.equal(await attempt(eddy.endpoint, 'dropped', presigned('AmazonSQS.DeleteQueue'), QueueUrl!), '200');
    assert.ok(!(await eddy.ddb.send(new ListTablesCommand({}))).TableNames?.includes('dropped'));
    assert.deepEqual((await eddy.sqs.send(new ListQueuesCommand({}))).QueueUrls?.map((url) => url.split('/').pop()), ['kept']);
  });
});
