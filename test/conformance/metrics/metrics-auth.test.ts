import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { startTestEddy, testCredentials, type TestEddy } from '../../helpers/eddy.js';
import { parseExposition } from './prometheus-text.js';

describe('GET /_eddy/metrics when Eddy verifies signatures', () => {
  let eddy: TestEddy;
  before(async () => {
    eddy = await startTestEddy({ auth: { credentials: [testCredentials] } });
  });
  after(() => eddy.stop());

  it('answers a scrape without a signature (Prometheus cannot sign), while other admin routes still want one; refused requests count under their operation', async () => {
    await eddy.ddb.send(new ListTablesCommand({}));
    const unsigned = await fetch(eddy.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.ListTables' },
      body: '{}',
    });
    assert.equal(unsigned.status, 400);
    assert.equal((await fetch(`${eddy.endpoint}/_eddy/mappings`)).status, 400);
    const scrape = await fetch(`${eddy.endpoint}/_eddy/metrics`);
    assert.equal(scrape.status, 200);
    const metrics = parseExposition(await scrape.text());
    assert.equal(metrics.value('eddy_requests_total', { service: 'dynamodb', operation: 'ListTables', status: '200' }), 1);
    assert.equal(metrics.value('eddy_requests_total', { service: 'dynamodb', operation: 'ListTables', status: '400' }), 1);
  });
});
