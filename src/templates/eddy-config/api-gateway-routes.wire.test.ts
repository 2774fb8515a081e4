// A plain CloudFormation template with the API resources CDK synthesizes — an HTTP API's Route + Integration and
// a LambdaRestApi's root and {proxy+} methods — started as `eddy start --template` does: each route answers from
// its function, with the path parameters and the payload format of its API.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEddy } from '../../main.js';

const TEMPLATE = `
Resources:
  Users:
    Type: AWS::Lambda::Function
    Properties: { Code: ./src, Handler: app.handler, Runtime: nodejs20.x, Role: !GetAtt UsersRole.Arn }
  UsersRole:
    Type: AWS::IAM::Role
    Properties: { AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [] } }
  Site:
    Type: AWS::Lambda::Function
    Properties: { Code: ./src, Handler: app.handler, Runtime: nodejs20.x, Role: !GetAtt UsersRole.Arn }
  HttpApi:
    Type: AWS::ApiGatewayV2::Api
    Properties: { Name: HttpApi, ProtocolType: HTTP }
  HttpApiDefaultStage:
    Type: AWS::ApiGatewayV2::Stage
    Properties: { ApiId: !Ref HttpApi, StageName: $default, AutoDeploy: true }
  UsersIntegration:
    Type: AWS::ApiGatewayV2::Integration
    Properties: { ApiId: !Ref HttpApi, IntegrationType: AWS_PROXY, IntegrationUri: !GetAtt Users.Arn, PayloadFormatVersion: '2.0' }
  UsersRoute:
    Type: AWS::ApiGatewayV2::Route
    Properties: { ApiId: !Ref HttpApi, RouteKey: 'GET /users/{id}', AuthorizationType: NONE, Target: !Join ['', [integrations/, !Ref UsersIntegration]] }
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: { Name: Api }
  ApiProxy:
    Type: AWS::ApiGateway::Resource
    Properties: { ParentId: !GetAtt Api.RootResourceId, PathPart: '{proxy+}', RestApiId: !Ref Api }
  ApiProxyAny:
    Type: AWS::ApiGateway::Method
    Properties:
      HttpMethod: ANY
      ResourceId: !Ref ApiProxy
      RestApiId: !Ref Api
      AuthorizationType: NONE
      Integration: { IntegrationHttpMethod: POST, Type: AWS_PROXY, Uri: !Sub 'arn:\${AWS::Partition}:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Site.Arn}/invocations' }
  ApiRootAny:
    Type: AWS::ApiGateway::Method
    Properties:
      HttpMethod: ANY
      ResourceId: !GetAtt Api.RootResourceId
      RestApiId: !Ref Api
      AuthorizationType: NONE
      Integration: { IntegrationHttpMethod: POST, Type: AWS_PROXY, Uri: !Sub 'arn:\${AWS::Partition}:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Site.Arn}/invocations' }
  ApiDeployment:
    Type: AWS::ApiGateway::Deployment
    DependsOn: [ApiProxyAny, ApiRootAny]
    Properties: { RestApiId: !Ref Api }
  ApiStage:
    Type: AWS::ApiGateway::Stage
    Properties: { RestApiId: !Ref Api, DeploymentId: !Ref ApiDeployment, StageName: prod }
`;

/** Answers with what API Gateway told it: the 2.0 event's routeKey, the 1.0 event's resource and method. */
const HANDLER = `export const handler = async (event, context) => ({
  statusCode: 200,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({
    function: context.functionName,
    version: event.version,
    route: event.routeKey ?? \`\${event.httpMethod} \${event.resource}\`,
    pathParameters: event.pathParameters,
  }),
});
`;

describe('a CloudFormation template with API Gateway Route/Integration and Resource/Method resources, run', () => {
  it('the HTTP API route and the REST proxy (root and {proxy+}) answer from their functions', async () => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'eddy-template-apigw-')));
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'src', 'app.mjs'), HANDLER);
    writeFileSync(join(dir, 'template.yaml'), TEMPLATE);
    const eddy = await startEddy({ memory: true, port: 0, httpPort: 0, template: join(dir, 'template.yaml'), log: false });
    try {
      assert.ok(eddy.httpEndpoint, "the application port serves the template's routes");
      const get = async (path: string, init?: RequestInit) => {
        const res = await fetch(`${eddy.httpEndpoint}${path}`, init);
        assert.equal(res.status, 200, `${path}: ${res.status}`);
        return res.json();
      };
      assert.deepEqual(await get('/users/42'), { function: 'Users', version: '2.0', route: 'GET /users/{id}', pathParameters: { id: '42' } });
      assert.deepEqual(await get('/files/a/b.txt', { method: 'POST', body: 'x' }), {
        function: 'Site',
        version: '1.0',
        route: 'POST /{proxy+}',
        pathParameters: { proxy: 'files/a/b.txt' },
      });
      assert.deepEqual(await get('/'), { function: 'Site', version: '1.0', route: 'GET /', pathParameters: null });
    } finally {
      await eddy.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
