import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateConfig } from '../../config/validate-config.js';
import { defaultDeployment } from '../../shared/arns.js';
import { pipeRequest } from './validate-pipes.js';
import { CONFIG_FILE, configProblems } from '../../config/fixtures/config-problems.js';

const FILE = CONFIG_FILE;
const ARN = 'us-east-1:000000000000';

const problems = configProblems;

describe('config pipes', () => {
  it("normalize the issue's pipe into the CreatePipe request it stands for", () => {
    const config = validateConfig(
      {
        pipes: {
          changes: {
            source: { stream: 'Orders', startingPosition: 'TRIM_HORIZON', batchSize: 10 },
            filter: [{ eventName: ['INSERT'] }],
            enrichment: { function: 'lookupCustomer' },
            target: { bus: 'app', source: 'my-service.database', detailType: '$.eventName' },
          },
        },
      },
      FILE,
    );
    const stream = `arn:aws:dynamodb:${ARN}:table/Orders/stream/2026-01-01T00:00:00.000`;
    assert.deepEqual(pipeRequest(config.pipes!['changes']!, defaultDeployment, stream), {
      DesiredState: 'RUNNING',
      Source: stream,
      SourceParameters: {
        FilterCriteria: { Filters: [{ Pattern: '{"eventName":["INSERT"]}' }] },
        DynamoDBStreamParameters: { StartingPosition: 'TRIM_HORIZON', BatchSize: 10 },
      },
      Enrichment: `arn:aws:lambda:${ARN}:function:lookupCustomer`,
      Target: `arn:aws:events:${ARN}:event-bus/app`,
      TargetParameters: { EventBridgeEventBusParameters: { Source: 'my-service.database', DetailType: '$.eventName' } },
      RoleArn: 'arn:aws:iam::000000000000:role/eddy-pipes',
    });
  });

  it('take a queue source, queue and function targets, templates, a dead-letter queue, a state, a description and tags', () => {
    const config = validateConfig(
      {
        pipes: {
          jobs: {
            source: { queue: 'jobs', batchSize: 5, maximumBatchingWindow: 2 },
            enrichment: { function: 'enrich', inputTemplate: '{"id": <$.body.id>}' },
            target: { queue: 'out.fifo', messageGroupId: '$.body.customer', inputTemplate: '<$.body>' },
            enabled: false,
            description: 'jobs onward',
            tags: { team: 'a' },
          },
          calls: {
            source: { stream: 'Users', maximumRetryAttempts: 2, onPartialBatchItemFailure: 'AUTOMATIC_BISECT', deadLetter: { queue: 'dlq' } },
            target: { function: 'handle', invocationType: 'FIRE_AND_FORGET' },
          },
        },
      },
      FILE,
    );
    const jobs = pipeRequest(config.pipes!['jobs']!, defaultDeployment);
    assert.equal(jobs['Source'], `arn:aws:sqs:${ARN}:jobs`);
    assert.deepEqual(jobs['SourceParameters'], { SqsQueueParameters: { BatchSize: 5, MaximumBatchingWindowInSeconds: 2 } });
    assert.deepEqual(jobs['EnrichmentParameters'], { InputTemplate: '{"id": <$.body.id>}' });
    assert.deepEqual(jobs['TargetParameters'], { InputTemplate: '<$.body>', SqsQueueParameters: { MessageGroupId: '$.body.customer' } });
    assert.equal(jobs['DesiredState'], 'STOPPED');
    assert.deepEqual([jobs['Description'], jobs['Tags']], ['jobs onward', { team: 'a' }]);
    const calls = pipeRequest(config.pipes!['calls']!, defaultDeployment);
    assert.deepEqual(calls['SourceParameters'], {
      DynamoDBStreamParameters: {
        StartingPosition: 'TRIM_HORIZON',
        MaximumRetryAttempts: 2,
        OnPartialBatchItemFailure: 'AUTOMATIC_BISECT',
        DeadLetterConfig: { Arn: `arn:aws:sqs:${ARN}:dlq` },
      },
    });
    assert.equal(calls['Target'], `arn:aws:lambda:${ARN}:function:handle`);
    assert.deepEqual(calls['TargetParameters'], { LambdaFunctionParameters: { InvocationType: 'FIRE_AND_FORGET' } });
  });

  it("refuses a pipe without one source or target, unknown fields, and what the API's model refuses, at the pipe's path", () => {
    assert.deepEqual(
      problems({
        pipes: {
          none: { target: { queue: 'q' } },
          two: { source: { stream: 'T', queue: 'q' }, target: { bus: 'b', queue: 'q' } },
          typo: { source: { queue: 'q', batchSzie: 2 }, target: { function: 'f', source: 'x' } },
          big: { source: { stream: 'T', batchSize: 20000 }, target: { function: 'f' } },
          many: { source: { queue: 'q' }, filter: [{}, {}, {}, {}, {}, {}], target: { queue: 'q' } },
          'bad name!': { source: { queue: 'q' }, target: { queue: 'q' } },
        },
      }),
      [
        'pipes.none.source: required',
        'pipes.two.source: exactly one of stream and queue is needed',
        'pipes.two.target: exactly one of bus, queue, topic, function, http and apiDestination is needed',
        'pipes.typo.source.batchSzie: unknown field (expected one of queue, batchSize, maximumBatchingWindow)',
        'pipes.typo.target.source: unknown field (expected one of function, invocationType, inputTemplate)',
        "pipes.big: 1 validation error detected: Value '20000' at 'sourceParameters.dynamoDBStreamParameters.batchSize' failed to satisfy constraint: Member must have value less than or equal to 10000",
        'pipes.many.filter: expected a list of up to 5 event patterns, got an array',
        'pipes["bad name!"]: expected 1–64 letters, digits, ., - or _, got "bad name!"',
      ],
    );
  });

  it('take an http target and an http enrichment (as a rule\'s http target: url, method, connection) with httpParameters and templates', () => {
    const config = validateConfig(
      {
        pipes: {
          crm: {
            source: { stream: 'Orders' },
            enrichment: { http: { url: 'http://127.0.0.1:8080/lookup', method: 'GET', connection: 'lookup' }, inputTemplate: '{"id": <$.dynamodb.Keys.id.S>}', httpParameters: { queryStringParameters: { v: '2' } } },
            target: { http: { url: 'https://crm.example/orders/*', connection: 'crm' }, httpParameters: { pathParameterValues: ['$.id'], headerParameters: { 'x-from': 'eddy' } }, inputTemplate: '<$.customer>' },
          },
        },
      },
      FILE,
    );
    const crm = config.pipes!['crm']!;
    assert.deepEqual(crm.refs.target, { http: { url: 'https://crm.example/orders/*', method: 'POST', connection: 'crm' } });
    assert.deepEqual(crm.refs.enrichment, { http: { url: 'http://127.0.0.1:8080/lookup', method: 'GET', connection: 'lookup' } });
    const destinations = { target: `arn:aws:events:${ARN}:api-destination/pipe.crm.target/t-1`, enrichment: `arn:aws:events:${ARN}:api-destination/pipe.crm.enrichment/e-1` };
    const request = pipeRequest(crm, defaultDeployment, undefined, destinations);
    assert.equal(request['Target'], destinations.target);
    assert.equal(request['Enrichment'], destinations.enrichment);
    assert.deepEqual(request['TargetParameters'], { InputTemplate: '<$.customer>', HttpParameters: { PathParameterValues: ['$.id'], HeaderParameters: { 'x-from': 'eddy' } } });
    assert.deepEqual(request['EnrichmentParameters'], { InputTemplate: '{"id": <$.dynamodb.Keys.id.S>}', HttpParameters: { QueryStringParameters: { v: '2' } } });
    // Checked only: a stand-in ARN of the API destination to be made.
    assert.match(String(pipeRequest(crm, defaultDeployment)['Target']), new RegExp(`^arn:aws:events:${ARN}:api-destination/`));
  });

  it('take an API destination created through the API by name, as target and enrichment', () => {
    const config = validateConfig(
      { pipes: { named: { source: { queue: 'q' }, enrichment: { apiDestination: 'lookup', inputTemplate: '<$.body>' }, target: { apiDestination: 'crm', httpParameters: { headerParameters: { a: 'b' } } } } } },
      FILE,
    );
    const named = config.pipes!['named']!;
    assert.deepEqual([named.refs.target, named.refs.enrichment], [{ apiDestination: 'crm' }, { apiDestination: 'lookup' }]);
    const request = pipeRequest(named, defaultDeployment, undefined, { target: 'arn:t', enrichment: 'arn:e' });
    assert.deepEqual([request['Target'], request['Enrichment']], ['arn:t', 'arn:e']);
    assert.deepEqual(request['TargetParameters'], { HttpParameters: { HeaderParameters: { a: 'b' } } });
    assert.deepEqual(request['EnrichmentParameters'], { InputTemplate: '<$.body>' });
  });

  it('refuses http blocks with a bad url, method or connection, unknown httpParameters, and an enrichment with both or neither of function and http', () => {
    assert.deepEqual(
      problems({
        pipes: {
          a: { source: { queue: 'q' }, target: { http: { url: 'ftp://x', connection: 'c' } } },
          b: { source: { queue: 'q' }, target: { http: { url: 'https://x', method: 'SEND', connection: 'c' }, httpParameters: { headers: {} } } },
          c: { source: { queue: 'q' }, target: { http: { url: 'https://x' } } },
          d: { source: { queue: 'q' }, enrichment: { function: 'f', http: { url: 'https://x', connection: 'c' } }, target: { queue: 'q' } },
          e: { source: { queue: 'q' }, enrichment: { inputTemplate: '{}' }, target: { queue: 'q' } },
          f: { source: { queue: 'q' }, enrichment: { function: 'f', httpParameters: {} }, target: { http: { url: 'https://x', connection: 'c' }, invocationType: 'FIRE_AND_FORGET' } },
          g: { source: { queue: 'q' }, target: { http: { url: 'https://x', connection: 'c' }, httpParameters: { pathParameterValues: 'one' } } },
          h: { source: { queue: 'q' }, target: { http: { url: 'https://x', connection: 'c' }, httpParameters: { pathParameterValues: [1], headerParameters: { a: true } } } },
          i: { source: { queue: 'q' }, enrichment: { apiDestination: 'no/slash' }, target: { apiDestination: 'crm', method: 'PUT' } },
        },
      }),
      [
        'pipes.a.target.http.url: expected an https:// (or http://) URL, at most 2048 characters, written as sent (a space as %20), got "ftp://x"',
        'pipes.b.target.http.method: expected one of "POST", "GET", "HEAD", "OPTIONS", "PUT", "PATCH", "DELETE", got "SEND"',
        'pipes.b.target.httpParameters.headers: unknown field (expected one of pathParameterValues, headerParameters, queryStringParameters)',
        'pipes.c.target.http.connection: required',
        'pipes.d.enrichment: exactly one of function, http and apiDestination is needed',
        'pipes.e.enrichment: exactly one of function, http and apiDestination is needed',
        'pipes.f.target.invocationType: unknown field (expected one of http, httpParameters, inputTemplate)',
        'pipes.f.enrichment.httpParameters: unknown field (expected one of function, inputTemplate)',
        'pipes.g.target.httpParameters.pathParameterValues: expected a list of texts, got "one"',
        'pipes.h.target.httpParameters.pathParameterValues[0]: expected a string, got 1',
        'pipes.h.target.httpParameters.headerParameters.a: expected a string, got true',
        'pipes.i.target.method: unknown field (expected one of apiDestination, httpParameters, inputTemplate)',
        'pipes.i.enrichment.apiDestination: expected 1–64 letters, digits, ., - or _, got "no/slash"',
      ],
    );
  });
});
