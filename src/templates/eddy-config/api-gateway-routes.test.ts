// Routes written as API Gateway resources, in the shapes `cdk synth` writes (aws-apigatewayv2 HttpApi with
// HttpLambdaIntegration; aws-apigateway LambdaRestApi / RestApi with LambdaIntegration), as YAML.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mappingError, mapTemplate as mapped } from './fixtures/map-template.js';

/** A function as CDK writes it (inline code here), with its role (not emulated). */
const fn = (id: string) => `
  ${id}:
    Type: AWS::Lambda::Function
    Properties:
      Code: { ZipFile: 'exports.handler = async () => ({ statusCode: 200 })' }
      Handler: index.handler
      Runtime: nodejs20.x
      Role: { 'Fn::GetAtt': [${id}ServiceRole, Arn] }
  ${id}ServiceRole:
    Type: AWS::IAM::Role
    Properties: { AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [] } }`;

const integrationTarget = (id: string) => `{ 'Fn::Join': ['', ['integrations/', { Ref: ${id} }]] }`;

describe('HTTP API routes as AWS::ApiGatewayV2::Route + Integration', () => {
  it('CDK HttpApi with HttpLambdaIntegration: RouteKey, a function ARN, an alias ARN, an invocations URI, payload formats; the $default stage and CORS', async () => {
    const { config, notices, notEmulated } = await mapped(`
Resources:${fn('BooksFn')}${fn('ProxyFn')}
  BooksAlias:
    Type: AWS::Lambda::Alias
    Properties: { FunctionName: { Ref: BooksFn }, FunctionVersion: '$LATEST', Name: live }
  HttpApiF5A9A8A7:
    Type: AWS::ApiGatewayV2::Api
    Properties:
      Name: HttpApi
      ProtocolType: HTTP
      CorsConfiguration: { AllowMethods: [GET], AllowOrigins: ['https://app.example.com'] }
  HttpApiDefaultStage3EEB07D6:
    Type: AWS::ApiGatewayV2::Stage
    Properties: { ApiId: { Ref: HttpApiF5A9A8A7 }, StageName: $default, AutoDeploy: true }
  HttpApiGETbooksidBooksIntegration6A6D1D2C:
    Type: AWS::ApiGatewayV2::Integration
    Properties:
      ApiId: { Ref: HttpApiF5A9A8A7 }
      IntegrationType: AWS_PROXY
      IntegrationUri: { 'Fn::GetAtt': [BooksFn, Arn] }
      PayloadFormatVersion: '2.0'
  HttpApiGETbooksid4C9D2A1B:
    Type: AWS::ApiGatewayV2::Route
    Properties:
      ApiId: { Ref: HttpApiF5A9A8A7 }
      RouteKey: GET /books/{id}
      AuthorizationType: NONE
      Target: ${integrationTarget('HttpApiGETbooksidBooksIntegration6A6D1D2C')}
  LiveIntegration:
    Type: AWS::ApiGatewayV2::Integration
    Properties: { ApiId: { Ref: HttpApiF5A9A8A7 }, IntegrationType: AWS_PROXY, IntegrationUri: { Ref: BooksAlias }, PayloadFormatVersion: 1.0 }
  LiveRoute:
    Type: AWS::ApiGatewayV2::Route
    Properties: { ApiId: { Ref: HttpApiF5A9A8A7 }, RouteKey: 'POST /books', Target: ${integrationTarget('LiveIntegration')} }
  ProxyIntegration:
    Type: AWS::ApiGatewayV2::Integration
    Properties:
      ApiId: { Ref: HttpApiF5A9A8A7 }
      IntegrationType: AWS_PROXY
      IntegrationUri: { 'Fn::Sub': 'arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${ProxyFn.Arn}/invocations' }
  ProxyRoute:
    Type: AWS::ApiGatewayV2::Route
    Properties: { ApiId: { Ref: HttpApiF5A9A8A7 }, RouteKey: 'ANY /{proxy+}', Target: ${integrationTarget('ProxyIntegration')} }
  DefaultRoute:
    Type: AWS::ApiGatewayV2::Route
    Properties: { ApiId: { Ref: HttpApiF5A9A8A7 }, RouteKey: $default, Target: ${integrationTarget('ProxyIntegration')} }
  BooksFnInvokePermission:
    Type: AWS::Lambda::Permission
    Properties: { Action: 'lambda:InvokeFunction', FunctionName: { 'Fn::GetAtt': [BooksFn, Arn] }, Principal: apigateway.amazonaws.com }
`);
    assert.deepEqual(config.http, {
      cors: { allowOrigins: ['https://app.example.com'], allowMethods: ['GET'] },
      routes: {
        'GET /books/{id}': { function: 'BooksFn', payloadFormat: '2.0' },
        'POST /books': { function: 'BooksFn', payloadFormat: '1.0' },
        'ANY /{proxy+}': { function: 'ProxyFn', payloadFormat: '2.0' },
        $default: { function: 'ProxyFn', payloadFormat: '2.0' },
      },
    });
    assert.deepEqual(notices, []);
    assert.deepEqual(notEmulated, [
      { logicalId: 'BooksFnServiceRole', type: 'AWS::IAM::Role' },
      { logicalId: 'ProxyFnServiceRole', type: 'AWS::IAM::Role' },
    ]);
  });

  it('left out with a notice: a WebSocket API\'s routes, other integration types, service integrations, a route without a target; a named stage and an authorizer noticed', async () => {
    const { config, notices } = await mapped(`
Resources:
  Chat:
    Type: AWS::ApiGatewayV2::Api
    Properties: { Name: chat, ProtocolType: WEBSOCKET, RouteSelectionExpression: $request.body.action }
  ChatConnect:
    Type: AWS::ApiGatewayV2::Route
    Properties: { ApiId: { Ref: Chat }, RouteKey: $connect, Target: integrations/Nowhere }
  ChatStage:
    Type: AWS::ApiGatewayV2::Stage
    Properties: { ApiId: { Ref: Chat }, StageName: prod }
  Api:
    Type: AWS::ApiGatewayV2::Api
    Properties: { Name: api, ProtocolType: HTTP }
  V1:
    Type: AWS::ApiGatewayV2::Stage
    Properties: { ApiId: { Ref: Api }, StageName: v1 }
  Backend:
    Type: AWS::ApiGatewayV2::Integration
    Properties: { ApiId: { Ref: Api }, IntegrationType: HTTP_PROXY, IntegrationMethod: ANY, IntegrationUri: 'https://backend.example.com', PayloadFormatVersion: '1.0' }
  BackendRoute:
    Type: AWS::ApiGatewayV2::Route
    Properties: { ApiId: { Ref: Api }, RouteKey: 'ANY /legacy/{proxy+}', Target: integrations/Backend }
  Enqueue:
    Type: AWS::ApiGatewayV2::Integration
    Properties:
      ApiId: { Ref: Api }
      IntegrationType: AWS_PROXY
      IntegrationSubtype: SQS-SendMessage
      PayloadFormatVersion: '1.0'
      RequestParameters: { QueueUrl: 'https://sqs.us-east-1.amazonaws.com/000000000000/jobs', MessageBody: $request.body }
  EnqueueRoute:
    Type: AWS::ApiGatewayV2::Route
    Properties: { ApiId: { Ref: Api }, RouteKey: POST /jobs, Target: integrations/Enqueue }
  Draft:
    Type: AWS::ApiGatewayV2::Route
    Properties: { ApiId: { Ref: Api }, RouteKey: GET /draft }
  Ping:
    Type: AWS::ApiGatewayV2::Integration
    Properties: { ApiId: { Ref: Api }, IntegrationType: AWS_PROXY, IntegrationUri: 'arn:aws:lambda:us-east-1:000000000000:function:ping', PayloadFormatVersion: '2.0' }
  PingRoute:
    Type: AWS::ApiGatewayV2::Route
    Properties: { ApiId: { Ref: Api }, RouteKey: GET /ping, AuthorizationType: JWT, AuthorizerId: abc123, Target: integrations/Ping }
`);
    assert.deepEqual(config.http, { routes: { 'GET /ping': { function: 'ping', payloadFormat: '2.0' } } });
    assert.deepEqual(notices, [
      'API Chat: ProtocolType WEBSOCKET is not emulated, the API is left out',
      'API Api: its routes are served at the root of the application port, without the stage prefix /v1',
      'Route BackendRoute (ANY /legacy/{proxy+}): its integration Backend is of type HTTP_PROXY, which Eddy does not emulate (only AWS_PROXY integrations with a function); the route is left out',
      'Route EnqueueRoute (POST /jobs): its integration Enqueue is the AWS service integration SQS-SendMessage, which Eddy does not emulate; the route is left out',
      'Route Draft (GET /draft): it has no Target (integration); the route is left out',
      'API Api: authorization (JWT) is not applied; every request reaches the function',
    ]);
  });

  it('fails at the template line: the same route twice, a target that is no integration, an integration that invokes no function, a bad route key or payload format', async () => {
    const api = `
Resources:
  Api:
    Type: AWS::ApiGatewayV2::Api
    Properties: { Name: api, ProtocolType: HTTP }
  Orders:
    Type: AWS::ApiGatewayV2::Integration
    Properties: { ApiId: !Ref Api, IntegrationType: AWS_PROXY, IntegrationUri: 'arn:aws:lambda:us-east-1:000000000000:function:orders', PayloadFormatVersion: '2.0' }
  Jobs:
    Type: AWS::SQS::Queue
  Machine:
    Type: AWS::StepFunctions::StateMachine
    Properties: { DefinitionString: '{}', RoleArn: arn:aws:iam::000000000000:role/r }
  First:
    Type: AWS::ApiGatewayV2::Route
    Properties: { ApiId: !Ref Api, RouteKey: GET /orders, Target: !Join ['', [integrations/, !Ref Orders]] }`;
    const route = (properties: string, extra = '') => `${api}${extra}
  Second:
    Type: AWS::ApiGatewayV2::Route
    Properties:
      ApiId: !Ref Api
${properties}
`;
    assert.equal(
      await mappingError(route('      RouteKey: GET /orders\n      Target: integrations/Orders')),
      "/project/template.yaml:21:7: Resource Second (AWS::ApiGatewayV2::Route): route GET /orders is declared twice on API Api; Eddy serves every API's routes at the root of one application port, so a route may be declared once (at /Resources/Second/Properties/RouteKey)",
    );
    assert.equal(
      await mappingError(route('      RouteKey: GET /other\n      Target: integrations/Jobs')),
      '/project/template.yaml:22:7: Resource Second (AWS::ApiGatewayV2::Route): Target "integrations/Jobs" must be integrations/<IntegrationId> of an AWS::ApiGatewayV2::Integration of this template (at /Resources/Second/Properties/Target)',
    );
    const integration = (uri: string) => `
  Bad:
    Type: AWS::ApiGatewayV2::Integration
    Properties:
      ApiId: !Ref Api
      IntegrationType: AWS_PROXY
      IntegrationUri: ${uri}`;
    assert.equal(
      await mappingError(route('      RouteKey: GET /other\n      Target: integrations/Bad', integration('!GetAtt Jobs.Arn'))),
      '/project/template.yaml:22:7: Resource Bad (AWS::ApiGatewayV2::Integration): an AWS_PROXY integration must invoke a function (its ARN, or arn:aws:apigateway:REGION:lambda:path/2015-03-31/functions/<ARN>/invocations), got the queue Jobs (at /Resources/Bad/Properties/IntegrationUri)',
    );
    assert.equal(
      await mappingError(route('      RouteKey: GET /other\n      Target: integrations/Bad', integration('!Ref Machine'))),
      '/project/template.yaml:22:7: Resource Bad (AWS::ApiGatewayV2::Integration): an AWS_PROXY integration must invoke a function (its ARN, or arn:aws:apigateway:REGION:lambda:path/2015-03-31/functions/<ARN>/invocations), got Machine (AWS::StepFunctions::StateMachine, not emulated) (at /Resources/Bad/Properties/IntegrationUri)',
    );
    assert.equal(
      await mappingError(route('      RouteKey: GET orders\n      Target: integrations/Orders')),
      '/project/template.yaml:21:7: Resource Second (AWS::ApiGatewayV2::Route): RouteKey must be $default or "METHOD /path" (METHOD one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS, ANY; segments text, {param} or a final {proxy+}), got "GET orders" (at /Resources/Second/Properties/RouteKey)',
    );
    assert.equal(
      await mappingError(route('      RouteKey: GET /other\n      Target: integrations/Bad', `${integration("'arn:aws:lambda:us-east-1:000000000000:function:orders'")}\n      PayloadFormatVersion: '3.0'`)),
      '/project/template.yaml:23:7: Resource Bad (AWS::ApiGatewayV2::Integration): PayloadFormatVersion must be 1.0 or 2.0, got "3.0" (at /Resources/Bad/Properties/PayloadFormatVersion)',
    );
  });
});

/** CDK's LambdaRestApi: the root's ANY and `{proxy+}`'s ANY, a deployment and its `prod` stage, the CloudWatch role account. */
const LAMBDA_REST_API = `
  ApiF70053CD:
    Type: AWS::ApiGateway::RestApi
    Properties: { Name: Api }
  ApiCloudWatchRole73EC6FC4:
    Type: AWS::IAM::Role
    Properties: { AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [] } }
  ApiAccountA18C9B29:
    Type: AWS::ApiGateway::Account
    Properties: { CloudWatchRoleArn: { 'Fn::GetAtt': [ApiCloudWatchRole73EC6FC4, Arn] } }
  ApiDeploymentB17BE62D:
    Type: AWS::ApiGateway::Deployment
    Properties: { RestApiId: { Ref: ApiF70053CD }, Description: Automatically created by the RestApi construct }
    DependsOn: [ApiproxyANY7F13F09C, Apiproxy4EA44110, ApiANYB3DF8C3C]
  ApiDeploymentStageprod3EB9684E:
    Type: AWS::ApiGateway::Stage
    Properties: { DeploymentId: { Ref: ApiDeploymentB17BE62D }, RestApiId: { Ref: ApiF70053CD }, StageName: prod }
  Apiproxy4EA44110:
    Type: AWS::ApiGateway::Resource
    Properties: { ParentId: { 'Fn::GetAtt': [ApiF70053CD, RootResourceId] }, PathPart: '{proxy+}', RestApiId: { Ref: ApiF70053CD } }
  ApiproxyANY7F13F09C:
    Type: AWS::ApiGateway::Method
    Properties:
      AuthorizationType: NONE
      HttpMethod: ANY
      Integration:
        IntegrationHttpMethod: POST
        Type: AWS_PROXY
        Uri: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':apigateway:', { Ref: 'AWS::Region' }, ':lambda:path/2015-03-31/functions/', { 'Fn::GetAtt': [Handler, Arn] }, /invocations]] }
      ResourceId: { Ref: Apiproxy4EA44110 }
      RestApiId: { Ref: ApiF70053CD }
  ApiANYB3DF8C3C:
    Type: AWS::ApiGateway::Method
    Properties:
      AuthorizationType: NONE
      HttpMethod: ANY
      Integration:
        IntegrationHttpMethod: POST
        Type: AWS_PROXY
        Uri: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':apigateway:', { Ref: 'AWS::Region' }, ':lambda:path/2015-03-31/functions/', { 'Fn::GetAtt': [Handler, Arn] }, /invocations]] }
      ResourceId: { 'Fn::GetAtt': [ApiF70053CD, RootResourceId] }
      RestApiId: { Ref: ApiF70053CD }`;

describe('REST API routes as AWS::ApiGateway::Resource + Method', () => {
  it('CDK LambdaRestApi: the root and {proxy+} served with payload 1.0; the stage prefix noticed; the account and role not emulated', async () => {
    const { config, notices, notEmulated } = await mapped(`
Resources:${fn('Handler')}${LAMBDA_REST_API}
`);
    assert.deepEqual(config.http, {
      routes: {
        'ANY /{proxy+}': { function: 'Handler', payloadFormat: '1.0' },
        'ANY /': { function: 'Handler', payloadFormat: '1.0' },
      },
    });
    assert.deepEqual(notices, ['API ApiF70053CD: its routes are served at the root of the application port, without the stage prefix /prod']);
    assert.deepEqual(notEmulated, [
      { logicalId: 'HandlerServiceRole', type: 'AWS::IAM::Role' },
      { logicalId: 'ApiCloudWatchRole73EC6FC4', type: 'AWS::IAM::Role' },
      { logicalId: 'ApiAccountA18C9B29', type: 'AWS::ApiGateway::Account' },
    ]);
  });

  it('CDK RestApi with LambdaIntegration: nested resources and path parameters, CORS preflights (OPTIONS MOCK, one notice), other MOCK and HTTP integrations left out, an authorizer and API keys noticed', async () => {
    const { config, notices } = await mapped(`
Resources:${fn('BooksFn')}
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: { Name: books }
  Books:
    Type: AWS::ApiGateway::Resource
    Properties: { ParentId: !GetAtt Api.RootResourceId, PathPart: books, RestApiId: !Ref Api }
  Book:
    Type: AWS::ApiGateway::Resource
    Properties: { ParentId: !Ref Books, PathPart: '{id}', RestApiId: !Ref Api }
  BookGet:
    Type: AWS::ApiGateway::Method
    Properties:
      HttpMethod: get
      ResourceId: !Ref Book
      RestApiId: !Ref Api
      AuthorizationType: COGNITO_USER_POOLS
      ApiKeyRequired: true
      Integration: { Type: AWS_PROXY, IntegrationHttpMethod: POST, Uri: !Sub 'arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${BooksFn.Arn}/invocations' }
  BookOptions:
    Type: AWS::ApiGateway::Method
    Properties:
      HttpMethod: OPTIONS
      ResourceId: !Ref Book
      RestApiId: !Ref Api
      AuthorizationType: NONE
      Integration: { Type: MOCK, RequestTemplates: { application/json: '{ statusCode: 200 }' } }
  BooksOptions:
    Type: AWS::ApiGateway::Method
    Properties:
      HttpMethod: OPTIONS
      ResourceId: !Ref Books
      RestApiId: !Ref Api
      Integration: { Type: MOCK, RequestTemplates: { application/json: '{ statusCode: 204 }' } }
  BooksGetMock:
    Type: AWS::ApiGateway::Method
    Properties:
      HttpMethod: GET
      ResourceId: !Ref Books
      RestApiId: !Ref Api
      Integration: { Type: MOCK }
  BooksPost:
    Type: AWS::ApiGateway::Method
    Properties:
      HttpMethod: POST
      ResourceId: !Ref Books
      RestApiId: !Ref Api
      Integration: { Type: HTTP_PROXY, IntegrationHttpMethod: POST, Uri: 'https://backend.example.com/books' }
`);
    assert.deepEqual(config.http, { routes: { 'GET /books/{id}': { function: 'BooksFn', payloadFormat: '1.0' } } });
    assert.deepEqual(notices, [
      'API Api: authorization (COGNITO_USER_POOLS) is not applied; every request reaches the function',
      'API Api: API keys are not checked; every request reaches the function',
      "API Api: its OPTIONS methods with a MOCK integration (CORS preflight answers) are not served; Eddy answers preflights from an HTTP API's CorsConfiguration (http.cors) only",
      'Method BooksGetMock (GET /books): its integration type MOCK is not emulated (only AWS_PROXY integrations with a function); the route is left out',
      'Method BooksPost (POST /books): its integration type HTTP_PROXY is not emulated (only AWS_PROXY integrations with a function); the route is left out',
    ]);
  });

  it('fails at the template line: a route on both an HTTP and a REST API, a resource id that names nothing, a resource under a greedy one', async () => {
    const head = `
Resources:${fn('Handler')}${LAMBDA_REST_API}
  Http:
    Type: AWS::ApiGatewayV2::Api
    Properties: { Name: http, ProtocolType: HTTP, Target: !GetAtt Handler.Arn, RouteKey: 'GET /{proxy+}' }`;
    const method = (resourceId: string) => `
  Extra:
    Type: AWS::ApiGateway::Method
    Properties:
      HttpMethod: GET
      ResourceId: ${resourceId}
      RestApiId: !Ref ApiF70053CD
      Integration: { Type: AWS_PROXY, Uri: !GetAtt Handler.Arn }`;
    assert.equal(
      await mappingError(`${head}${method('!Ref Apiproxy4EA44110')}\n`),
      "/project/template.yaml:60:7: Resource Extra (AWS::ApiGateway::Method): route GET /{proxy+} is declared on both API Http and API ApiF70053CD; Eddy serves every API's routes at the root of one application port, so a route may be declared once (at /Resources/Extra/Properties/HttpMethod)",
    );
    assert.equal(
      await mappingError(`${head}${method('abc123')}\n`),
      `/project/template.yaml:61:7: Resource Extra (AWS::ApiGateway::Method): ResourceId "abc123" must be a RestApi's RootResourceId (!GetAtt Api.RootResourceId) or the Ref of an AWS::ApiGateway::Resource of this template (at /Resources/Extra/Properties/ResourceId)`,
    );
    assert.equal(
      await mappingError(`${head}${method('!Ref Under')}
  Under:
    Type: AWS::ApiGateway::Resource
    Properties: { ParentId: !Ref Apiproxy4EA44110, PathPart: more, RestApiId: !Ref ApiF70053CD }
`),
      '/project/template.yaml:31:78: Resource Apiproxy4EA44110 (AWS::ApiGateway::Resource): PathPart must be text, {param} or {proxy+}, got "{proxy+}" (a greedy {proxy+} has no resources under it) (at /Resources/Apiproxy4EA44110/Properties/PathPart)',
    );
  });
});
