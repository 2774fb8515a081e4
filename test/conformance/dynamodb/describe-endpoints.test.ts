import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DescribeEndpointsCommand } from '@aws-sdk/client-dynamodb';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';

describe('DescribeEndpoints', () => {
  let eddy: TestEddy;
  before(async () => {
    eddy = await startTestEddy({ region: 'eu-west-1' });
  });
  after(() => eddy.stop());

  it('names the regional endpoint, cached for a day', async () => {
    const out = await eddy.ddb.send(new DescribeEndpointsCommand({}));
    assert.deepEqual(out.Endpoints, [{ Address: 'dynamodb.eu-west-1.amazonaws.com', CachePeriodInMinutes: 1440 }]);
  });
});
