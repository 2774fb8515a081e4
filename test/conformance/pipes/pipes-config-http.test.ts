import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DescribeApiDestinationCommand } from '@aws-sdk/client-eventbridge';
import { DescribePipeCommand } from '@aws-sdk/client-pipes';
import type { EddyConfig } from '../../../src/config/config-types.js';
import type { Logger } from '../../../src/shared/logger.js';
import { startTestEddy } from '../../helpers/eddy.js';
import { eventually } from '../../helpers/eventually.js';
import { startEndpoint } from '../events/http-endpoint.js';
import { pipesClient } from './pipes-fixtures.js';

/** The config's pipe: a table's stream, enriched by an HTTP lookup, to an HTTP endpoint; `crm` the target's path. */
const configOf = (endpoint: string, crm: string): EddyConfig => ({
  tables: { Orders: { partitionKey: { name: 'id', type: 'S' }, stream: 'NEW_AND_OLD_IMAGES' } },
  connections: { partner: { apiKey: { name: 'x-api-key', value: 'secret' } } },
  pipes: {
    sync: {
      source: { stream: 'Orders', startingPosition: 'TRIM_HORIZON' },
      enrichment: { http: { url: `${endpoint}/lookup`, connection: 'partner' }, inputTemplate: '{"id": <$.dynamodb.Keys.id.S>}', httpParameters: { queryStringParameters: { v: '2' } } },
      target: { http: { url: `${endpoint}/${crm}/*`, method: 'PUT', connection: 'partner' }, httpParameters: { pathParameterValues: ['orders'], headerParameters: { 'x-pipe': 'sync' } }, inputTemplate: '{"order": <$.id>, "customer": <$.customer>}' },
    },
  },
});

describe('pipes in eddy.config: http enrichment and target', () => {
  it('enriches each record by the http lookup and calls the http target with the answer; eddy dev moves the target and keeps the checkpoint', async () => {
    // The lookup answers with the customer of the order it is sent; the CRM answers 200.
    const hook = await startEndpoint((request) =>
      request.url.startsWith('/lookup') ? { status: 200, body: JSON.stringify({ id: JSON.parse(request.body).id, customer: `c-${JSON.parse(request.body).id}` }) } : { status: 200, body: '{}' },
    );
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'eddy-pipes-http-')));
    const file = join(dir, 'eddy.config.json');
    writeFileSync(file, JSON.stringify(configOf(hook.url, 'crm')));
    const lines: string[] = [];
    const log: Logger = { info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m), debug: () => {} };
    const eddy = await startTestEddy({ config: file, watch: true, log });
    const pipes = pipesClient(eddy.endpoint);
    const put = (id: string) => eddy.ddb.send(new PutItemCommand({ TableName: 'Orders', Item: { id: { S: id } } }));
    const calls = (prefix: string) => hook.requests.filter((r) => r.url.startsWith(prefix));
    const waitFor = async (prefix: string, count: number) => (await eventually(`${count} calls to ${prefix}`, () => (calls(prefix).length >= count ? calls(prefix) : undefined)))!;
    try {
      const described = await pipes.send(new DescribePipeCommand({ Name: 'sync' }));
      assert.equal(described.CurrentState, 'RUNNING');
      assert.match(described.Target!, /^arn:aws:events:us-east-1:000000000000:api-destination\/pipe\.sync\.target\//);
      assert.match(described.Enrichment!, /^arn:aws:events:us-east-1:000000000000:api-destination\/pipe\.sync\.enrichment\//);

      await put('o1');
      await put('o2');
      const crm = await waitFor('/crm/', 2);
      assert.deepEqual(crm.map((r) => JSON.parse(r.body)), [{ order: 'o1', customer: 'c-o1' }, { order: 'o2', customer: 'c-o2' }]);
      assert.equal(crm[0]!.method, 'PUT');
      assert.equal(crm[0]!.url, '/crm/orders');
      assert.equal(crm[0]!.headers['x-pipe'], 'sync');
      assert.equal(crm[0]!.headers['x-api-key'], 'secret');
      const lookups = calls('/lookup');
      assert.deepEqual(lookups.map((r) => [r.method, r.url, r.body]), [['POST', '/lookup?v=2', '{"id":"o1"}'], ['POST', '/lookup?v=2', '{"id":"o2"}']]);

      // eddy dev: the target moves; the pipe goes on from its checkpoint (o1 and o2 are not called again).
      writeFileSync(file, JSON.stringify(configOf(hook.url, 'crm2')));
      await eventually('the API destination moved', async () => {
        const { InvocationEndpoint } = await eddy.events.send(new DescribeApiDestinationCommand({ Name: 'pipe.sync.target' }));
        return InvocationEndpoint === `${hook.url}/crm2/*` ? InvocationEndpoint : undefined;
      });
      await put('o3');
      const crm2 = await waitFor('/crm2/', 1);
      assert.deepEqual(crm2.map((r) => JSON.parse(r.body)), [{ order: 'o3', customer: 'c-o3' }]);
      assert.equal(calls('/crm/').length, 2);
      assert.deepEqual(calls('/lookup').map((r) => JSON.parse(r.body).id), ['o1', 'o2', 'o3']);
      assert.deepEqual(lines.filter((line) => /^pipe |error/i.test(line)), []);
    } finally {
      pipes.destroy();
      await eddy.stop();
      await hook.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
