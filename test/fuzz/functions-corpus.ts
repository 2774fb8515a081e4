import { makeZip } from '../helpers/zip.js';
import { lambdaRest, type CorpusEntry, type LiveState } from './fuzz-request.js';
import { marker } from './markers.js';

/**
 * A valid request of every function management route (CreateFunction … tags). They change `managed`,
 * an API function live-state.ts creates (version 1, alias `kept`), and functions and aliases accepted
 * creates made; markers go where a write keeps them (names, descriptions, variables, tags).
 */

const FUNCTIONS = '/2015-03-31/functions';
const ROLE = 'arn:aws:iam::000000000000:role/fuzz';
export const MANAGED_ZIP = makeZip({ 'index.mjs': 'export const handler = async (event) => ({ ok: true, event });' }).toString('base64');
const managedArn = (live: LiveState) => encodeURIComponent(`arn:aws:lambda:${live.region}:${live.account}:function:managed`);

export const functionsCorpus: readonly CorpusEntry[] = [
  {
    name: 'Lambda CreateFunction',
    build: (n) =>
      lambdaRest('POST', `${FUNCTIONS}`, {
        FunctionName: `${marker(n)}fn`,
        Role: ROLE,
        Runtime: 'nodejs22.x',
        Handler: 'index.handler',
        Code: { ZipFile: MANAGED_ZIP },
        Description: marker(n),
        Timeout: 5,
        MemorySize: 256,
        Environment: { Variables: { MARK: marker(n) } },
        DeadLetterConfig: { TargetArn: 'arn:aws:sqs:us-east-1:000000000000:fuzz-dlq' },
        Tags: { mark: marker(n) },
      }),
  },
  { name: 'Lambda DeleteFunction', build: (n, live) => lambdaRest('DELETE', `${FUNCTIONS}/${live.createdFunctions.pop() ?? `gone-${n}`}`) },
  { name: 'Lambda UpdateFunctionCode', build: () => lambdaRest('PUT', `${FUNCTIONS}/managed/code`, { ZipFile: MANAGED_ZIP, Publish: false }) },
  {
    name: 'Lambda UpdateFunctionConfiguration',
    build: (n) => lambdaRest('PUT', `${FUNCTIONS}/managed/configuration`, { Description: marker(n), Timeout: 4, Environment: { Variables: { MARK: marker(n) } }, DeadLetterConfig: { TargetArn: 'arn:aws:sns:us-east-1:000000000000:fuzz-dlq' } }),
  },
  { name: 'Lambda PublishVersion', build: (n) => lambdaRest('POST', `${FUNCTIONS}/managed/versions`, { Description: marker(n) }) },
  { name: 'Lambda ListVersionsByFunction', build: () => lambdaRest('GET', `${FUNCTIONS}/managed/versions?MaxItems=5`) },
  {
    name: 'Lambda CreateAlias',
    build: (n) => lambdaRest('POST', `${FUNCTIONS}/managed/aliases`, { Name: `${marker(n)}a`, FunctionVersion: '1', Description: marker(n) }),
  },
  { name: 'Lambda ListAliases', build: () => lambdaRest('GET', `${FUNCTIONS}/managed/aliases?FunctionVersion=1&MaxItems=5`) },
  { name: 'Lambda GetAlias', build: () => lambdaRest('GET', `${FUNCTIONS}/managed/aliases/kept`) },
  {
    name: 'Lambda UpdateAlias',
    build: (n) => lambdaRest('PUT', `${FUNCTIONS}/managed/aliases/kept`, { FunctionVersion: '1', Description: marker(n), RoutingConfig: {} }),
  },
  { name: 'Lambda DeleteAlias', build: (n, live) => lambdaRest('DELETE', `${FUNCTIONS}/managed/aliases/${live.createdAliases.pop() ?? `gone-${n}`}`) },
  { name: 'Lambda GetFunctionCodeSigningConfig', build: () => lambdaRest('GET', '/2020-06-30/functions/managed/code-signing-config') },
  { name: 'Lambda GetFunctionConcurrency', build: () => lambdaRest('GET', '/2019-09-30/functions/echo/concurrency') },
  {
    name: 'Lambda AddPermission',
    build: (n) =>
      lambdaRest('POST', `${FUNCTIONS}/managed/policy`, { StatementId: `${marker(n)}s`, Action: 'lambda:InvokeFunction', Principal: 'events.amazonaws.com', SourceArn: `arn:aws:events:us-east-1:000000000000:rule/${marker(n)}` }),
  },
  { name: 'Lambda GetPolicy', build: () => lambdaRest('GET', `${FUNCTIONS}/managed/policy`) },
  { name: 'Lambda RemovePermission', build: (n, live) => lambdaRest('DELETE', `${FUNCTIONS}/managed/policy/${live.createdStatements.pop() ?? `gone-${n}`}`) },
  { name: 'Lambda ListTags', build: (_n, live) => lambdaRest('GET', `/2017-03-31/tags/${managedArn(live)}`) },
  { name: 'Lambda TagResource', build: (n, live) => lambdaRest('POST', `/2017-03-31/tags/${managedArn(live)}`, { Tags: { mark: marker(n) } }) },
  { name: 'Lambda UntagResource', build: (_n, live) => lambdaRest('DELETE', `/2017-03-31/tags/${managedArn(live)}?tagKeys=mark&tagKeys=other`) },
];
