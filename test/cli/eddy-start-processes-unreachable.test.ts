import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { ListPipesCommand, PipesClient } from '@aws-sdk/client-pipes';
import { ListSchedulesCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { ListTopicsCommand, SNSClient } from '@aws-sdk/client-sns';
import { testCredentials } from '../helpers/eddy.js';
import { startEddyCli } from '../helpers/cli.js';

const region = 'us-east-1';

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
    try {
      // Each client's connection is in a request process now, which passes these requests to the main process's HTTP listener.
      await lambda.send(new ListFunctionsCommand({}));
      await scheduler.send(new ListSchedulesCommand({}));
      await pipes.send(new ListPipesCommand({}));
      await sns.send(new ListTopicsCommand({}));
      // Stopped, the main process answers none of them; killed, it cuts what the request processes sent it.
      eddy.child.kill('SIGSTOP');
      const answers = [
        assert.rejects(lambda.send(new ListFunctionsCommand({})), failed('ServiceException')),
        assert.rejects(scheduler.send(new ListSchedulesCommand({})), failed('InternalServerException')),
        assert.rejects(pipes.send(new ListPipesCommand({})), failed('InternalException')),
        assert.rejects(sns.send(new ListTopicsCommand({})), failed('InternalErrorException')),
      ];
      eddy.child.kill('SIGKILL');
      await Promise.all(answers);
    } finally {
      for (const client of [lambda, scheduler, pipes, sns]) client.destroy();
      eddy.child.kill('SIGKILL');
      await eddy.exited;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
