import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { startTestEddy, type TestEddy } from '../../test/helpers/eddy.js';
import { eventually } from '../../test/helpers/eventually.js';
import { readCdkConfig } from '../../src/templates/cdk/index.js';

const CDK_OUT = fileURLToPath(new URL('./cdk.out', import.meta.url));
const TABLE = 'OrdersTable315BB997';

/** A port free a moment ago: the template's queue URL (the handler's QUEUE_URL) must name the port Eddy serves. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise((done) => server.close(done));
  return port;
}

describe('example: cdk-app (a synthesized CDK app run as it is: table stream → function → queue → function → table)', () => {
  let dir: string;
  let eddy: TestEddy;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'eddy-cdk-app-'));
    const port = await freePort();
    const mapped = await readCdkConfig(CDK_OUT, {
      deployment: { region: 'us-east-1', account: '000000000000', endpoint: `http://127.0.0.1:${port}` },
      inlineCodeDir: join(dir, 'inline'),
    });
    assert.deepEqual(mapped.stacks, ['OrdersStack']);
    writeFileSync(join(dir, 'eddy.config.json'), JSON.stringify(mapped.config, null, 2));
    eddy = await startTestEddy({ config: join(dir, 'eddy.config.json'), port });
  });
  after(async () => {
    await eddy?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('an order put through the SDK reaches the stream handler (asset code), whose message reaches the queue handler, which writes the receipt', async () => {
    await eddy.ddb.send(new PutItemCommand({ TableName: TABLE, Item: { pk: { S: 'ORDER#o-1' }, sk: { S: 'ORDER' }, total: { N: '42' } } }));
    const receipt = await eventually('the receipt item', async () => (await eddy.ddb.send(new GetItemCommand({ TableName: TABLE, Key: { pk: { S: 'RECEIPT#o-1' }, sk: { S: 'RECEIPT' } } }))).Item, {
      timeoutMs: 30_000,
    });
    assert.equal(receipt!.total?.N, '42');
    assert.match(receipt!.messageId?.S ?? '', /^[0-9a-f-]{36}$/);
  });
});
