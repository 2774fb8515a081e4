import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Agent } from 'node:http';
import type { Socket } from 'node:net';
import { CreateTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { startTestEddy, testCredentials } from '../../helpers/eddy.js';

/**
 * A PutItem right after `eddy time advance 1h` once failed with `socket hang up`. The suspicion: a network
 * timeout reading Eddy's controlled clock, so a jump makes an idle keep-alive connection look expired. The
 * server's keep-alive, request and headers timeouts are node:http's own, on real timers, and nothing in
 * src/api or src/http reads the controlled clock for them (AppPort's `now` only dates a request); this
 * test keeps it so: one keep-alive connection carries requests before, during and after jumps of an hour
 * and of a year, and is never closed by the server.
 */
describe('time control and keep-alive connections', () => {
  it('a keep-alive connection survives jumps: the requests after them are answered on the same socket', async () => {
    const eddy = await startTestEddy();
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const sockets: Socket[] = [];
    const closedByServer: string[] = [];
    const create = agent.createConnection.bind(agent);
    agent.createConnection = ((options: object, callback: unknown) => {
      const socket = (create as (o: object, c: unknown) => Socket)(options, callback);
      sockets.push(socket);
      socket.on('end', () => closedByServer.push(`socket ${sockets.length} ended by the server`));
      return socket;
    }) as typeof agent.createConnection;
    const ddb = new DynamoDBClient({
      endpoint: eddy.endpoint,
      region: 'us-east-1',
      credentials: testCredentials,
      maxAttempts: 1,
      requestHandler: new NodeHttpHandler({ httpAgent: agent }),
    });
    try {
      await ddb.send(new CreateTableCommand({ TableName: 'Carts', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], BillingMode: 'PAY_PER_REQUEST' }));
      await ddb.send(new PutItemCommand({ TableName: 'Carts', Item: { pk: { S: 'before' } } }));
      await eddy.admin('/_eddy/time/advance', { by: '1h' });
      await ddb.send(new PutItemCommand({ TableName: 'Carts', Item: { pk: { S: 'after an hour' } } }));
      // A jump while the connection is in use: the request under way and the next are answered.
      const during = ddb.send(new PutItemCommand({ TableName: 'Carts', Item: { pk: { S: 'during a year' } } }));
      await eddy.admin('/_eddy/time/advance', { by: '365d' });
      await during;
      const got = await ddb.send(new GetItemCommand({ TableName: 'Carts', Key: { pk: { S: 'after an hour' } }, ConsistentRead: true }));
      assert.equal(got.Item?.['pk']?.S, 'after an hour');
      assert.equal(sockets.length, 1, 'every request went over the one keep-alive connection');
      assert.deepEqual(closedByServer, []);
    } finally {
      ddb.destroy();
      agent.destroy();
      await eddy.stop();
    }
  });
});
