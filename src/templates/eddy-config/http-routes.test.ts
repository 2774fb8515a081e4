import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mappingError, mapTemplate as mapped } from './fixtures/map-template.js';

const FUNCTION = `
      Runtime: nodejs20.x
      Handler: index.handler
      InlineCode: 'exports.handler = async () => ({ statusCode: 200 })'`;

describe('SAM Api and HttpApi routes', () => {
  it('implicit APIs: methods, ANY, path parameters, a greedy proxy, $default; REST routes in payload 1.0; the REST stage prefix is noticed', async () => {
    const { config, notices } = await mapped(`
Transform: AWS::Serverless-2016-10-31
Resources:
  Orders:
    Type: AWS::Serverless::Function
    Properties:${FUNCTION}
      FunctionName: orders-api
      Events:
        Get:
          Type: HttpApi
          Properties: { Path: '/orders/{id}', Method: get }
        Proxy:
          Type: HttpApi
          Properties: { Path: '/files/{proxy+}', Method: ANY }
        Legacy:
          Type: Api
          Properties: { Path: /orders, Method: post }
  Fallback:
    Type: AWS::Serverless::Function
    Properties:${FUNCTION}
      Events:
        Rest:
          Type: HttpApi
`);
    assert.deepEqual(config.http, {
      routes: {
        'GET /orders/{id}': { function: 'orders-api', payloadFormat: '2.0' },
        'ANY /files/{proxy+}': { function: 'orders-api', payloadFormat: '2.0' },
        'POST /orders': { function: 'orders-api', payloadFormat: '1.0' },
        $default: { function: 'Fallback', payloadFormat: '2.0' },
      },
    });
    assert.deepEqual(notices, ['API ServerlessRestApi: its routes are served at the root of the application port, without the stage prefix /Prod']);
  });

  it('an explicit HttpApi: its stage noticed, PayloadFormatVersion kept, CorsConfiguration → http.cors', async () => {
    const { config, notices, notEmulated } = await mapped(`
Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::HttpApi
    Properties:
      StageName: v1
      CorsConfiguration:
        AllowOrigins: [https://app.example.com]
        AllowMethods: [GET, POST]
        AllowHeaders: [content-type]
        ExposeHeaders: [x-request-id]
        AllowCredentials: true
        MaxAge: 600
  Fn:
    Type: AWS::Serverless::Function
    Properties:${FUNCTION}
      Events:
        Get:
          Type: HttpApi
          Properties: { ApiId: !Ref Api, Path: /users, Method: GET, PayloadFormatVersion: '1.0' }
`);
    assert.deepEqual(config.http, {
      cors: {
        allowOrigins: ['https://app.example.com'],
        allowMethods: ['GET', 'POST'],
        allowHeaders: ['content-type'],
        exposeHeaders: ['x-request-id'],
        allowCredentials: true,
        maxAge: 600,
      },
      routes: { 'GET /users': { function: 'Fn', payloadFormat: '1.0' } },
    });
    assert.deepEqual(notices, ['API Api: its routes are served at the root of the application port, without the stage prefix /v1']);
    assert.equal(notEmulated.some((r) => r.logicalId === 'Api'), false);
  });

  it('CorsConfiguration: true allows every origin (unconfirmed: SAM writes it into the OpenAPI body)', async () => {
    const { config } = await mapped(`
Transform: AWS::Serverless-2016-10-31
Globals:
  HttpApi:
    CorsConfiguration: true
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:${FUNCTION}
      Events:
        Get:
          Type: HttpApi
          Properties: { Path: /ping, Method: get }
`);
    assert.deepEqual(config.http?.cors, { allowOrigins: ['*'] });
  });

  it("a REST API's Cors (Globals or the Api) → http.cors: quoted header values, lists split at commas", async () => {
    const { config } = await mapped(`
Transform: AWS::Serverless-2016-10-31
Globals:
  Api:
    Cors:
      AllowOrigin: "'https://app.example.com'"
      AllowMethods: "'GET, POST,OPTIONS'"
      AllowHeaders: "'Content-Type,X-Api-Key'"
      MaxAge: "'600'"
      AllowCredentials: true
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:${FUNCTION}
      Events:
        Get:
          Type: Api
          Properties: { Path: /ping, Method: get }
`);
    assert.deepEqual(config.http?.cors, {
      allowOrigins: ['https://app.example.com'],
      allowMethods: ['GET', 'POST', 'OPTIONS'],
      allowHeaders: ['Content-Type', 'X-Api-Key'],
      maxAge: 600,
      allowCredentials: true,
    });
    const shorthand = await mapped(`
Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties: { StageName: prod, Cors: "'*'" }
  Fn:
    Type: AWS::Serverless::Function
    Properties:${FUNCTION}
      Events:
        Get:
          Type: Api
          Properties: { RestApiId: !Ref Api, Path: /ping, Method: get }
`);
    assert.deepEqual(shorthand.config.http?.cors, { allowOrigins: ['*'] });
    assert.equal(await mappingError(`
Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Cors: { AllowOrigin: https://app.example.com }
`), "/project/template.yaml:8:15: Resource Api (AWS::ApiGateway::RestApi): AllowOrigin must be a value in single quotes, as API Gateway takes header values (\"'*'\"), got \"https://app.example.com\" (at /Resources/Api/Properties/Cors/AllowOrigin)");
  });

  it('a function published through AutoPublishAlias routes to the function itself; a function whose Condition is false routes nothing', async () => {
    const { config } = await mapped(`
Transform: AWS::Serverless-2016-10-31
Conditions:
  Never: !Equals [a, b]
Resources:
  Live:
    Type: AWS::Serverless::Function
    Properties:${FUNCTION}
      AutoPublishAlias: live
      Events:
        Get:
          Type: HttpApi
          Properties: { Path: /live, Method: get }
  Off:
    Type: AWS::Serverless::Function
    Condition: Never
    Properties:${FUNCTION}
      Events:
        Get:
          Type: HttpApi
          Properties: { Path: /off, Method: get }
`);
    assert.deepEqual(config.http, { routes: { 'GET /live': { function: 'Live', payloadFormat: '2.0' } } });
  });

  it('the same route on two APIs fails at the second event', async () => {
    const message = await mappingError(`
Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:${FUNCTION}
      Events:
        Http:
          Type: HttpApi
          Properties: { Path: /orders, Method: get }
        Rest:
          Type: Api
          Properties: { Path: /orders, Method: get }
`);
    assert.equal(message, "/project/template.yaml:14:9: route GET /orders is declared on both API ServerlessHttpApi and API ServerlessRestApi; Eddy serves every API's routes at the root of one application port, so a route may be declared once (at /Resources/Fn/Properties/Events/Rest)");
  });
});

describe('API resources of plain CloudFormation', () => {
  it('an HTTP API made by quick create (Target, RouteKey) routes to its function; WebSocket APIs are left out, a hand-written stage is noticed', async () => {
    const { config, notices, notEmulated } = await mapped(`
Resources:
  Quick:
    Type: AWS::ApiGatewayV2::Api
    Properties:
      Name: quick
      ProtocolType: HTTP
      Target: arn:aws:lambda:us-east-1:000000000000:function:ping
      RouteKey: GET /ping
  Proxy:
    Type: AWS::ApiGatewayV2::Api
    Properties: { Name: proxy, ProtocolType: HTTP, Target: 'https://backend.example.com' }
  Chat:
    Type: AWS::ApiGatewayV2::Api
    Properties: { Name: chat, ProtocolType: WEBSOCKET, RouteSelectionExpression: $request.body.action }
  Rest:
    Type: AWS::ApiGateway::RestApi
    Properties: { Name: rest, Body: { openapi: 3.0.1, paths: {} } }
  Stage:
    Type: AWS::ApiGateway::Stage
    Properties: { RestApiId: !Ref Rest, StageName: prod }
`);
    assert.deepEqual(config.http, { routes: { 'GET /ping': { function: 'ping', payloadFormat: '2.0' } } });
    assert.deepEqual(notices, [
      'API Proxy: its Target "https://backend.example.com" is not a function; only functions are served on the application port, the route is left out',
      'API Chat: ProtocolType WEBSOCKET is not emulated, the API is left out',
      'API Rest: its OpenAPI definition (Body) is not read; Eddy serves the routes of SAM Api and HttpApi events and of Route and Method resources only',
      'API Rest: its routes are served at the root of the application port, without the stage prefix /prod',
    ]);
    assert.deepEqual(notEmulated, []);
  });
});
