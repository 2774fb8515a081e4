import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { ListPipesCommand, PipesClient } from '@aws-sdk/client-pipes';
import { ListSchedulesCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { ListTopicsCommand, SNSClient } from '@aws-sdk/client-sns';
import { testCredentials } from '../helpers/eddy.js';
import { startEddyCli } from '../helpers/cli.js';
import { eventually } from '../helpers/eventually.js';
import { unreadConnections } from '../helpers/request-processes.js';

const region = 'us-east-1';

/** A request on `agent`'s one kept-alive connection: its status, content type and body. */
const send = (agent: Agent, url: string, method: string, headers: Record<string, string>, body = '') =>
  new Promise<{ status: number; type: string | undefined; body: string }>((resolve, reject) => {
    const req = request(url, { agent, method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, type: res.headers['content-type'], body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });

/** The error an SDK raises for `name`, its status and Eddy's message. */
const failed = (name: string) => (error: Error & { $metadata?: { httpStatusCode?: number } }) => {
  assert.equal(error.name, name);
  assert.equal(error.$metadata?.httpStatusCode, 500);
  assert.equal(error.message, 'The Eddy process that serves this request is not reachable');
  return true;
};

describe('eddy start --processes 2: a request passed on over HTTP when the main process goes away', { skip: process.platform !== 'linux' && 'SIGSTOP of the main process' }, () => {
  it("fails with its service's own error, which the SDK raises", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eddy-processes-unreachable-'));
    const eddy = await startEddyCli(['--port', '0', '--http-port', '0', '--data', dir, '--processes', '2']);
    const options = { endpoint: eddy.endpoint, region, credentials: testCredentials, maxAttempts: 1 };
    const [lambda, scheduler, pipes, sns] = [new LambdaClient(options), new SchedulerClient(options), new PipesClient(options), new SNSClient(options)];
    // A JSON request for a target no relayed service has (passed on over HTTP), and a console route.
    const [json, consoleRoute] = [new Agent({ keepAlive: true, maxSockets: 1 }), new Agent({ keepAlive: true, maxSockets: 1 })];
    const kinesis = () => send(json, eddy.endpoint, 'POST', { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Kinesis_20131202.ListStreams' }, '{}');
    const mappings = () => send(consoleRoute, `${eddy.endpoint}/_eddy/mappings`, 'GET', {});
    try {
      assert.equal((await kinesis()).status, 400); // not served: UnknownOperationException
      await mappings();
      // Each client's connection is in a request process now, which passes these requests to the main process's HTTP listener.
      await lambda.send(new ListFunctionsCommand({}));
      await scheduler.send(new ListSchedulesCommand({}));
      await pipes.send(new ListPipesCommand({}));
      await sns.send(new ListTopicsCommand({}));
      // Stopped, the main process answers none of them; killed, it cuts what the request processes passed on to it.
      eddy.child.kill('SIGSTOP');
      const answers = [
        assert.rejects(lambda.send(new ListFunctionsCommand({})), failed('ServiceException')),
        assert.rejects(scheduler.send(new ListSchedulesCommand({})), failed('InternalServerException')),
        assert.rejects(pipes.send(new ListPipesCommand({})), failed('InternalException')),
        assert.rejects(sns.send(new ListTopicsCommand({})), failed('InternalErrorException')),
      ];
      const unnamed = [kinesis(), mappings()];
      // Killed once all six wait in the main process: one not passed on yet would find its connection closed.
      await eventually('the six requests passed on to the stopped main process', () => (unreadConnections(eddy.child.pid!) >= 6 ? true : undefined));
      eddy.child.kill('SIGKILL');
      await Promise.all(answers);
      const [jsonAnswer, consoleAnswer] = await Promise.all(unnamed);
      assert.deepEqual({ ...jsonAnswer, body: JSON.parse(jsonAnswer.body) }, {
        status: 500,
        type: 'application/x-amz-json-1.1',
        body: { __type: 'InternalFailure', message: 'The Eddy process that serves this request is not reachable' },
      });
      assert.deepEqual(consoleAnswer, { status: 502, type: 'text/plain', body: 'The Eddy process that serves this request is not reachable\n' });
    } finally {
      for (const client of [lambda, scheduler, pipes, sns, json, consoleRoute]) client.destroy();
      eddy.child.kill('SIGKILL');
      await eddy.exited;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
