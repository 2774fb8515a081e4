import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fn, resourcesOf, samDocument, transform } from './fixtures/sam-documents.js';
import { SamTemplateError } from './sam-template-error.js';
import { hasSamTransform } from './transform.js';
import type { TemplateObject } from './types.js';

describe('the document', () => {
  it('drops the SAM Transform and Globals, keeps other sections and other resources as they are', () => {
    const queue = { Type: 'AWS::SQS::Queue', Properties: { FifoQueue: true } };
    const { document } = transform(samDocument({ Q: queue, F: fn() }, {
      Parameters: { Stage: { Type: 'String' } }, Outputs: { Q: { Value: { Ref: 'Q' } } }, Globals: { Function: { Timeout: 3 } },
    }));
    assert.equal(document.Transform, undefined);
    assert.equal(document.Globals, undefined);
    assert.deepEqual(document.Parameters, { Stage: { Type: 'String' } });
    assert.deepEqual(document.Outputs, { Q: { Value: { Ref: 'Q' } } });
    assert.deepEqual(document.Resources!.Q, queue);
    assert.equal(document.Resources!.F!.Type, 'AWS::Lambda::Function');
  });

  it('keeps other transforms of a list', () => {
    const { document } = transform({ ...samDocument({ F: fn() }), Transform: ['AWS::LanguageExtensions', 'AWS::Serverless-2016-10-31'] });
    assert.deepEqual(document.Transform, ['AWS::LanguageExtensions']);
  });

  it('hasSamTransform reads a name or a list', () => {
    assert.equal(hasSamTransform({ Transform: 'AWS::Serverless-2016-10-31' }), true);
    assert.equal(hasSamTransform({ Transform: ['AWS::LanguageExtensions', 'AWS::Serverless-2016-10-31'] }), true);
    assert.equal(hasSamTransform({ Transform: 'AWS::LanguageExtensions' }), false);
    assert.equal(hasSamTransform({}), false);
  });

  it('keeps Serverless types Eddy does not run, and lists them', () => {
    const machine = { Type: 'AWS::Serverless::StateMachine', Properties: { DefinitionUri: 'sm.json' } };
    const result = transform(samDocument({
      M: machine, L: { Type: 'AWS::Serverless::LayerVersion', Properties: { ContentUri: 'layer/' } },
      A: { Type: 'AWS::Serverless::Application' }, G: { Type: 'AWS::Serverless::GraphQLApi' },
      C: { Type: 'AWS::Serverless::Connector' }, P: { Type: 'AWS::Serverless::CapacityProvider' },
      F: fn({ FunctionUrlConfig: { AuthType: 'NONE' } }),
    }));
    assert.deepEqual(result.document.Resources!.M, machine);
    assert.deepEqual(result.notEmulated.map((n) => n.type), [
      'AWS::Serverless::StateMachine', 'AWS::Serverless::LayerVersion', 'AWS::Serverless::Application',
      'AWS::Serverless::GraphQLApi', 'AWS::Serverless::Connector', 'AWS::Serverless::CapacityProvider', 'AWS::Lambda::Url',
    ]);
    assert.equal(result.notEmulated.at(-1)!.logicalId, 'FUrl');
  });

  it('refuses a resource whose id a generated one already took', () => {
    assert.throws(() => transform(samDocument({
      F: fn({ Events: { Q: { Type: 'SQS', Properties: { Queue: 'arn:q' } } } }), FQ: { Type: 'AWS::SQS::Queue' },
    })), SamTemplateError);
  });

  it('refuses a resource without Type', () => {
    assert.throws(() => transform(samDocument({ X: {} as never })), (e) => e instanceof SamTemplateError && /Every Resources object must contain a Type member/.test(e.detail));
  });
});

describe('AWS::Serverless::SimpleTable (SEMANTICS.md H.1)', () => {
  const cases: [string, TemplateObject, TemplateObject][] = [
    ['defaults: key id String, on demand', {}, {
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], BillingMode: 'PAY_PER_REQUEST',
    }],
    ['a Number key, provisioned, name, tags, SSE, PITR', {
      PrimaryKey: { Name: 'n', Type: 'Number' }, ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 }, TableName: 't',
      Tags: { a: 'b' }, SSESpecification: { SSEEnabled: true }, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    }, {
      TableName: 't', AttributeDefinitions: [{ AttributeName: 'n', AttributeType: 'N' }], KeySchema: [{ AttributeName: 'n', KeyType: 'HASH' }],
      ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 }, Tags: [{ Key: 'a', Value: 'b' }],
      SSESpecification: { SSEEnabled: true }, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    }],
    ['a Binary key', { PrimaryKey: { Name: 'b', Type: 'Binary' } }, {
      AttributeDefinitions: [{ AttributeName: 'b', AttributeType: 'B' }], KeySchema: [{ AttributeName: 'b', KeyType: 'HASH' }], BillingMode: 'PAY_PER_REQUEST',
    }],
  ];
  for (const [name, properties, expected] of cases) {
    it(name, () => {
      const table = resourcesOf(samDocument({ T: { Type: 'AWS::Serverless::SimpleTable', Properties: properties } })).T!;
      assert.equal(table.Type, 'AWS::DynamoDB::Table');
      assert.deepEqual(table.Properties, expected);
    });
  }
  it('refuses a key type other than String, Number, Binary', () => {
    assert.throws(() => resourcesOf(samDocument({ T: { Type: 'AWS::Serverless::SimpleTable', Properties: { PrimaryKey: { Name: 'x', Type: 'Bool' } } } })), SamTemplateError);
  });
});

describe('Api and HttpApi routes', () => {
  it('implicit ServerlessRestApi (stage Prod, payload 1.0) and ServerlessHttpApi ($default, payload 2.0)', () => {
    const result = transform(samDocument({ F: fn({ Events: {
      Get: { Type: 'Api', Properties: { Path: '/orders/{id}', Method: 'get' } },
      Any: { Type: 'HttpApi' },
      Post: { Type: 'HttpApi', Properties: { Path: '/orders', Method: 'POST', PayloadFormatVersion: '1.0' } },
    } }) }, { Globals: { Api: { Name: 'shop' } } }));
    const resources = result.document.Resources!;
    assert.deepEqual(resources.ServerlessRestApi, { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'shop' } });
    assert.deepEqual(resources.ServerlessHttpApi, { Type: 'AWS::ApiGatewayV2::Api', Properties: { ProtocolType: 'HTTP' } });
    assert.deepEqual(result.routes.map(({ origin: _o, ...route }) => route), [
      { api: 'ServerlessRestApi', kind: 'rest', method: 'GET', path: '/orders/{id}', function: 'F', payloadFormatVersion: '1.0', stage: 'Prod' },
      { api: 'ServerlessHttpApi', kind: 'http', method: 'ANY', path: '$default', function: 'F', payloadFormatVersion: '2.0', stage: '$default' },
      { api: 'ServerlessHttpApi', kind: 'http', method: 'POST', path: '/orders', function: 'F', payloadFormatVersion: '1.0', stage: '$default' },
    ]);
    assert.deepEqual(result.routes[0]!.origin.path, ['Resources', 'F', 'Properties', 'Events', 'Get']);
  });

  it('no implicit API without an event that needs one', () => {
    const resources = resourcesOf(samDocument({ F: fn() }));
    assert.ok(!('ServerlessRestApi' in resources) && !('ServerlessHttpApi' in resources));
  });

  it('explicit APIs by RestApiId / ApiId, with their stage and the alias', () => {
    const result = transform(samDocument({
      Rest: { Type: 'AWS::Serverless::Api', Properties: { StageName: 'v1', Name: 'rest' } },
      Http: { Type: 'AWS::Serverless::HttpApi', Properties: { StageName: 'beta' } },
      F: fn({ AutoPublishAlias: 'live', Events: {
        A: { Type: 'Api', Properties: { Path: '/a', Method: 'any', RestApiId: { Ref: 'Rest' } } },
        B: { Type: 'HttpApi', Properties: { Path: '/b', Method: 'get', ApiId: { Ref: 'Http' } } },
        C: { Type: 'Api', Properties: { Path: '/c', Method: 'post', RestApiId: 'Rest' } },
      } }),
    }));
    assert.deepEqual(result.document.Resources!.Rest, { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'rest' } });
    assert.equal(result.document.Resources!.Http!.Type, 'AWS::ApiGatewayV2::Api');
    assert.ok(!('ServerlessRestApi' in result.document.Resources!));
    assert.deepEqual(result.routes.map((r) => [r.api, r.method, r.path, r.stage, r.alias]), [
      ['Rest', 'ANY', '/a', 'v1', 'live'], ['Http', 'GET', '/b', 'beta', 'live'], ['Rest', 'POST', '/c', 'v1', 'live'],
    ]);
  });

  it('refuses a RestApiId that names no Serverless::Api', () => {
    assert.throws(() => transform(samDocument({ F: fn({ Events: { A: { Type: 'Api', Properties: { Path: '/a', Method: 'get', RestApiId: { Ref: 'Nope' } } } } }) })),
      (e) => e instanceof SamTemplateError && e.path === '/Resources/F/Properties/Events/A/Properties/RestApiId');
  });
});
