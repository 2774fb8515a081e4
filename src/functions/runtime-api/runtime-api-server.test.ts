import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_RESPONSE_BYTES } from './runtime-api-errors.js';
import { RuntimeApiServer, type RuntimeInitError, type RuntimeInvocation } from './runtime-api-server.js';

const ARN = 'arn:aws:lambda:us-east-1:000000000000:function:orders';

async function server() {
  const events = { ready: 0, initErrors: [] as RuntimeInitError[] };
  const api = await RuntimeApiServer.listen({ ready: () => events.ready++, initError: (error) => events.initErrors.push(error) });
  const base = `http://${api.address}/2018-06-01/runtime`;
  return { api, events, base };
}

function invocation(requestId: string, extra: Partial<RuntimeInvocation> = {}): RuntimeInvocation {
  return { requestId, payload: '{"orderId":42}', deadlineMs: Date.now() + 3000, invokedFunctionArn: ARN, ...extra };
}

const post = (url: string, body: string | Buffer, headers: Record<string, string> = {}) => fetch(url, { method: 'POST', body, headers });

test('/next waits for an invocation and hands it over with its headers; /response answers it', async (t) => {
  const s = await server();
  t.after(() => s.api.close());
  assert.match(s.api.address, /^127\.0\.0\.1:\d+$/);
  const next = fetch(`${s.base}/invocation/next`);
  // The long poll is still open: the runtime is Ready, with nothing to run.
  await waitFor(() => s.api.state === 'Ready');
  assert.equal(s.events.ready, 1);
  const deadlineMs = Date.now() + 3000;
  const answer = s.api.invoke(invocation('req-1', { deadlineMs, traceId: 'Root=1-5f0c0000-000000000000000000000000;Parent=0000000000000000;Sampled=0' }));
  const got = await next;
  assert.equal(got.status, 200);
  assert.equal(got.headers.get('lambda-runtime-aws-request-id'), 'req-1');
  assert.equal(got.headers.get('lambda-runtime-deadline-ms'), String(deadlineMs));
  assert.equal(got.headers.get('lambda-runtime-invoked-function-arn'), ARN);
  assert.equal(got.headers.get('lambda-runtime-trace-id'), 'Root=1-5f0c0000-000000000000000000000000;Parent=0000000000000000;Sampled=0');
  assert.equal(got.headers.get('lambda-runtime-client-context'), null, 'omitted when the invoke has none');
  assert.equal(got.headers.get('lambda-runtime-cognito-identity'), null);
  assert.equal(got.headers.get('content-type'), 'application/json');
  assert.equal(await got.text(), '{"orderId":42}');
  assert.equal(s.api.state, 'Running');

  const posted = await post(`${s.base}/invocation/req-1/response`, '{"ok":true}', { 'Content-Type': 'application/json' });
  assert.equal(posted.status, 202);
  assert.deepEqual(await posted.json(), { status: 'OK' });
  assert.deepEqual(await answer, { kind: 'response', payload: '{"ok":true}', contentType: 'application/json' });
  assert.equal(s.events.ready, 1, 'only the first /next ends init');
});

test('an invocation handed over before the runtime asks waits for its /next; client context and identity become headers', async (t) => {
  const s = await server();
  t.after(() => s.api.close());
  const answer = s.api.invoke(invocation('req-2', { clientContext: '{"custom":{"tenant":"a"}}', cognitoIdentity: '{"cognitoIdentityId":"id-1","cognitoIdentityPoolId":"pool-1"}' }));
  assert.equal(s.events.ready, 0);
  const got = await fetch(`${s.base}/invocation/next`);
  assert.equal(s.events.ready, 1);
  assert.equal(got.headers.get('lambda-runtime-client-context'), '{"custom":{"tenant":"a"}}');
  assert.equal(got.headers.get('lambda-runtime-cognito-identity'), '{"cognitoIdentityId":"id-1","cognitoIdentityPoolId":"pool-1"}');
  await got.text();
  assert.equal((await post(`${s.base}/invocation/req-2/response`, 'null')).status, 202);
  assert.equal((await answer).payload, 'null');
});

test('/error answers with the posted body; the error type header is kept when it reads Runtime.X / Function.X', async (t) => {
  const s = await server();
  t.after(() => s.api.close());
  for (const [requestId, type, expected] of [
    ['e-1', 'Runtime.MarshalError', 'Runtime.MarshalError'],
    ['e-2', 'Function.Boom', 'Function.Boom'],
    ['e-3', 'ValueError', 'Function.Unknown'],
    ['e-4', 'Runtime.lower', 'Runtime.Unknown'],
  ] as const) {
    const answer = s.api.invoke(invocation(requestId));
    await (await fetch(`${s.base}/invocation/next`)).text();
    const body = JSON.stringify({ errorMessage: 'card declined', errorType: 'PaymentError', requestId, stackTrace: [] });
    const posted = await post(`${s.base}/invocation/${requestId}/error`, body, { 'Lambda-Runtime-Function-Error-Type': type });
    assert.equal(posted.status, 202);
    assert.deepEqual(await posted.json(), { status: 'OK' });
    assert.deepEqual(await answer, { kind: 'error', payload: body, errorType: expected });
  }
});

test('an id not in flight, or already answered, is refused with 400 InvalidRequestID', async (t) => {
  const s = await server();
  t.after(() => s.api.close());
  const invalid = { errorMessage: 'Invalid request ID', errorType: 'InvalidRequestID' };
  let refused = await post(`${s.base}/invocation/nobody/response`, '{}');
  assert.equal(refused.status, 400);
  assert.deepEqual(await refused.json(), invalid);

  const answer = s.api.invoke(invocation('req-3'));
  await (await fetch(`${s.base}/invocation/next`)).text();
  refused = await post(`${s.base}/invocation/%E0%A4%A/response`, '{}');
  assert.equal(refused.status, 400, 'an id that does not even decode');
  assert.deepEqual(await refused.json(), invalid);
  refused = await post(`${s.base}/invocation/other/error`, '{}');
  assert.equal(refused.status, 400);
  assert.deepEqual(await refused.json(), invalid);
  assert.equal((await post(`${s.base}/invocation/req-3/response`, '1')).status, 202);
  assert.equal((await answer).payload, '1');
  for (const kind of ['response', 'error']) {
    refused = await post(`${s.base}/invocation/req-3/${kind}`, '2');
    assert.equal(refused.status, 400, `a second ${kind} for an answered invocation`);
    assert.deepEqual(await refused.json(), invalid);
  }
});

test('a second /next while the invocation is unanswered hands the same invocation again', async (t) => {
  const s = await server();
  t.after(() => s.api.close());
  const answer = s.api.invoke(invocation('req-4'));
  const first = await fetch(`${s.base}/invocation/next`);
  await first.text();
  const again = await fetch(`${s.base}/invocation/next`);
  assert.equal(again.headers.get('lambda-runtime-aws-request-id'), 'req-4');
  assert.equal(await again.text(), '{"orderId":42}');
  assert.equal((await post(`${s.base}/invocation/req-4/response`, '"once"')).status, 202);
  assert.equal((await answer).payload, '"once"');
});

test('a response over 6291556 bytes gets 413 and the caller gets Function.ResponseSizeTooLarge; one at the limit passes', async (t) => {
  const s = await server();
  t.after(() => s.api.close());
  let answer = s.api.invoke(invocation('big'));
  await (await fetch(`${s.base}/invocation/next`)).text();
  const tooLarge = await post(`${s.base}/invocation/big/response`, Buffer.alloc(MAX_RESPONSE_BYTES + 1, 0x61));
  assert.equal(tooLarge.status, 413);
  assert.deepEqual(await tooLarge.json(), { errorMessage: 'Exceeded maximum allowed payload size (6291556 bytes).', errorType: 'RequestEntityTooLarge' });
  assert.deepEqual(await answer, {
    kind: 'error',
    payload: '{"errorMessage":"Response payload size exceeded maximum allowed payload size (6291556 bytes).","errorType":"Function.ResponseSizeTooLarge"}',
    errorType: 'Function.ResponseSizeTooLarge',
  });

  answer = s.api.invoke(invocation('at-limit'));
  await (await fetch(`${s.base}/invocation/next`)).text();
  assert.equal((await post(`${s.base}/invocation/at-limit/response`, Buffer.alloc(MAX_RESPONSE_BYTES, 0x61))).status, 202);
  assert.equal((await answer).payload.length, MAX_RESPONSE_BYTES);
});

test('/init/error during init reports the posted error; /next afterwards is an invalid state transition', async (t) => {
  const s = await server();
  t.after(() => s.api.close());
  const error = { errorMessage: "Unable to import module 'app': No module named 'app'", errorType: 'Runtime.ImportModuleError', requestId: '', stackTrace: [] };
  const posted = await post(`${s.base}/init/error`, JSON.stringify(error), { 'Lambda-Runtime-Function-Error-Type': 'Runtime.ImportModuleError' });
  assert.equal(posted.status, 202);
  assert.deepEqual(await posted.json(), { status: 'OK' });
  assert.deepEqual(s.events.initErrors, [error]);
  assert.equal(s.api.state, 'InitError');
  const next = await fetch(`${s.base}/invocation/next`);
  assert.equal(next.status, 403);
  assert.deepEqual(await next.json(), {
    errorMessage: 'State transition from InitError to Ready failed for runtime. Error: State transition is not allowed',
    errorType: 'InvalidStateTransition',
  });
  assert.equal(s.events.ready, 0);
});

test('an /init/error body that is not an error object keeps the header type and the text', async (t) => {
  const s = await server();
  t.after(() => s.api.close());
  assert.equal((await post(`${s.base}/init/error`, 'bootstrap: config missing', { 'Lambda-Runtime-Function-Error-Type': 'Runtime.ConfigMissing' })).status, 202);
  assert.deepEqual(s.events.initErrors, [{ errorType: 'Runtime.ConfigMissing', errorMessage: 'bootstrap: config missing' }]);
});

test('/init/error once init is over is refused with 403 InvalidStateTransition naming the state', async (t) => {
  const s = await server();
  t.after(() => s.api.close());
  const waiting = fetch(`${s.base}/invocation/next`);
  await waitFor(() => s.api.state === 'Ready');
  let refused = await post(`${s.base}/init/error`, '{}');
  assert.equal(refused.status, 403);
  assert.deepEqual(await refused.json(), {
    errorMessage: 'State transition from Ready to InitError failed for runtime. Error: State transition is not allowed',
    errorType: 'InvalidStateTransition',
  });
  const answer = s.api.invoke(invocation('req-5'));
  await (await waiting).text();
  refused = await post(`${s.base}/init/error`, '{}');
  assert.equal(refused.status, 403);
  assert.equal(((await refused.json()) as { errorMessage: string }).errorMessage, 'State transition from Running to InitError failed for runtime. Error: State transition is not allowed');
  assert.deepEqual(s.events.initErrors, []);
  assert.equal((await post(`${s.base}/invocation/req-5/response`, '{}')).status, 202);
  await answer;
});

test('unknown paths are 404 and wrong methods 405', async (t) => {
  const s = await server();
  t.after(() => s.api.close());
  assert.equal((await fetch(`${s.base}/invocation/nope`)).status, 404);
  assert.equal((await fetch(`http://${s.api.address}/2015-03-31/functions`)).status, 404);
  assert.equal((await post(`${s.base}/invocation/next`, '')).status, 405);
  assert.equal((await fetch(`${s.base}/init/error`)).status, 405);
  assert.equal((await fetch(`${s.base}/invocation/x/response`)).status, 405);
});

test('invoke refuses a second invocation while one is in flight', async (t) => {
  const s = await server();
  t.after(() => s.api.close());
  void s.api.invoke(invocation('one'));
  assert.throws(() => s.api.invoke(invocation('two')), /invocation one is still in flight/);
});

test('close ends a waiting /next', async () => {
  const s = await server();
  const waiting = fetch(`${s.base}/invocation/next`);
  await waitFor(() => s.api.state === 'Ready');
  await s.api.close();
  await assert.rejects(waiting);
});

/** Resolves once `condition` holds (checked each turn of the event loop), failing after 5 s. */
async function waitFor(condition: () => boolean): Promise<void> {
  const until = Date.now() + 5000;
  while (!condition()) {
    if (Date.now() > until) throw new Error('timed out waiting for a condition');
    await new Promise((resolve) => setImmediate(resolve));
  }
}
