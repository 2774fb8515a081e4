import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mapTemplate, mappingError } from './fixtures/map-template.js';

describe('template connections and API destinations', () => {
  it('map each authorization type; parameters Eddy does not send get a notice', async () => {
    const { config, notices, notEmulated } = await mapTemplate(`
Resources:
  Key:
    Type: AWS::Events::Connection
    Properties:
      Name: partner-key
      Description: The partner's API key
      AuthorizationType: API_KEY
      AuthParameters:
        ApiKeyAuthParameters: { ApiKeyName: x-api-key, ApiKeyValue: k }
        InvocationHttpParameters: { HeaderParameters: [{ Key: x-team, Value: shop }] }
  Basic:
    Type: AWS::Events::Connection
    Properties:
      AuthorizationType: BASIC
      AuthParameters: { BasicAuthParameters: { Username: u, Password: p } }
  OAuth:
    Type: AWS::Events::Connection
    Properties:
      AuthorizationType: OAUTH_CLIENT_CREDENTIALS
      AuthParameters:
        OAuthParameters:
          AuthorizationEndpoint: https://auth.example/token
          HttpMethod: POST
          ClientParameters: { ClientID: id, ClientSecret: secret }
          OAuthHttpParameters: { BodyParameters: [{ Key: scope, Value: orders }] }
`);
    assert.deepEqual(config.connections, {
      'partner-key': { description: "The partner's API key", apiKey: { name: 'x-api-key', value: 'k' } },
      Basic: { basic: { username: 'u', password: 'p' } },
      OAuth: { oauth: { authorizationEndpoint: 'https://auth.example/token', method: 'POST', clientId: 'id', clientSecret: 'secret' } },
    });
    assert.deepEqual(notices, [
      'Connection partner-key: InvocationHttpParameters (parameters added to every call) are not sent by Eddy',
      'Connection OAuth: OAuthHttpParameters (extra parameters of the token request) are not sent by Eddy',
    ]);
    assert.deepEqual(notEmulated, []);
  });

  it("leave out a rule's target naming an API destination the template does not hold (its url is unknown)", async () => {
    const { config, notices } = await mapTemplate(`
Resources:
  R:
    Type: AWS::Events::Rule
    Properties:
      EventPattern: { source: [shop] }
      Targets: [{ Id: crm, Arn: 'arn:aws:events:us-east-1:000000000000:api-destination/crm/0b4c2a52-1b0e-4a57-9d3f-1f2e3d4c5b6a' }]
`);
    assert.deepEqual(config.rules, { R: { pattern: { source: ['shop'] } } });
    assert.deepEqual(notices, ["Rule R: target crm left out: the API destination crm is not in the template (a rule's http target needs its url and connection)"]);
  });

  it('refuse a connection without the parameters of its type, and an API destination without a connection, at their line', async () => {
    assert.equal(
      await mappingError(`
Resources:
  C:
    Type: AWS::Events::Connection
    Properties:
      AuthorizationType: BASIC
      AuthParameters: { ApiKeyAuthParameters: { ApiKeyName: k, ApiKeyValue: v } }
`),
      '/project/template.yaml:7:7: Resource C (AWS::Events::Connection): BasicAuthParameters is required with AuthorizationType BASIC (at /Resources/C/Properties/AuthParameters/BasicAuthParameters)',
    );
    assert.equal(
      await mappingError(`
Resources:
  D:
    Type: AWS::Events::ApiDestination
    Properties: { ConnectionArn: arn:aws:iam::000000000000:role/x, InvocationEndpoint: https://crm.example, HttpMethod: POST }
  R:
    Type: AWS::Events::Rule
    Properties:
      EventPattern: { source: [shop] }
      Targets: [{ Id: crm, Arn: !GetAtt D.Arn }]
`),
      '/project/template.yaml:5:19: Resource D (AWS::Events::ApiDestination): ConnectionArn must be a connection\'s ARN, got "arn:aws:iam::000000000000:role/x" (at /Resources/D/Properties/ConnectionArn)',
    );
  });
});
