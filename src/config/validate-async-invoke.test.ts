import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateConfig } from './validate-config.js';
import { CONFIG_FILE, configProblems } from './fixtures/config-problems.js';

const withFn = (extra: Record<string, unknown>) => ({ functions: { f: { handler: 'src/f.ts', ...extra } } });

describe('validateConfig: functions asyncInvoke and deadLetter', () => {
  it('keeps the settings as written, each destination by kind', () => {
    const config = validateConfig(
      withFn({
        asyncInvoke: { maximumRetryAttempts: 0, maximumEventAge: 60, onSuccess: { bus: 'orders' }, onFailure: { function: 'g' } },
        deadLetter: { topic: 'alerts' },
      }),
      CONFIG_FILE,
    );
    const f = config.functions['f']!;
    assert.deepEqual(f.asyncInvoke, { maximumRetryAttempts: 0, maximumEventAge: 60, onSuccess: { bus: 'orders' }, onFailure: { function: 'g' } });
    assert.deepEqual(f.deadLetter, { topic: 'alerts' });
    const plain = validateConfig(withFn({ asyncInvoke: { onFailure: { queue: 'failed' } }, deadLetter: { queue: 'dlq' } }), CONFIG_FILE).functions['f']!;
    assert.deepEqual(plain.asyncInvoke, { onFailure: { queue: 'failed' } });
    assert.deepEqual(plain.deadLetter, { queue: 'dlq' });
  });

  it('leaves both out when not written', () => {
    const f = validateConfig(withFn({}), CONFIG_FILE).functions['f']!;
    assert.equal('asyncInvoke' in f, false);
    assert.equal('deadLetter' in f, false);
  });

  it('refuses out-of-range settings, an empty config and unknown fields', () => {
    assert.deepEqual(configProblems(withFn({ asyncInvoke: { maximumRetryAttempts: 3, maximumEventAge: 59 } })), [
      'functions.f.asyncInvoke.maximumRetryAttempts: expected an integer from 0 to 2, got 3',
      'functions.f.asyncInvoke.maximumEventAge: expected an integer from 60 to 21600, got 59',
    ]);
    assert.deepEqual(configProblems(withFn({ asyncInvoke: { maximumEventAge: 21_601 } })), [
      'functions.f.asyncInvoke.maximumEventAge: expected an integer from 60 to 21600, got 21601',
    ]);
    assert.deepEqual(configProblems(withFn({ asyncInvoke: {} })), [
      'functions.f.asyncInvoke: set at least one of maximumRetryAttempts, maximumEventAge, onSuccess, onFailure (Lambda: You must specify at least one of error handling or destination setting.)',
    ]);
    assert.deepEqual(configProblems(withFn({ asyncInvoke: { retries: 1, maximumRetryAttempts: 1 } })), [
      'functions.f.asyncInvoke.retries: unknown field (expected one of maximumRetryAttempts, maximumEventAge, onSuccess, onFailure)',
    ]);
  });

  it('refuses destinations that are not exactly one well-named queue, topic, function or bus', () => {
    assert.deepEqual(configProblems(withFn({ asyncInvoke: { onSuccess: { queue: 'a', bus: 'b' }, onFailure: {} } })), [
      'functions.f.asyncInvoke.onSuccess: expected exactly one of queue, topic, function, bus, got queue, bus',
      'functions.f.asyncInvoke.onFailure: expected exactly one of queue, topic, function, bus, got none',
    ]);
    assert.deepEqual(configProblems(withFn({ asyncInvoke: { onFailure: { queue: 'jobs.fifo' } }, deadLetter: { topic: 'events.fifo' } })), [
      'functions.f.asyncInvoke.onFailure.queue: jobs.fifo is a FIFO queue: Lambda sends to standard queues only',
      'functions.f.deadLetter.topic: events.fifo is a FIFO topic: Lambda sends to standard topics only',
    ]);
    assert.deepEqual(configProblems(withFn({ asyncInvoke: { onFailure: { function: 'f' } } })), [
      "functions.f.asyncInvoke.onFailure.function: a function cannot be its own destination (Lambda: You can't specify the function as a destination for itself.)",
    ]);
    assert.deepEqual(configProblems(withFn({ asyncInvoke: { onSuccess: { bus: 'no/slash' } } })), [
      'functions.f.asyncInvoke.onSuccess.bus: expected a bus name (1 to 256 characters: letters, digits, . - _), got "no/slash"',
    ]);
  });

  it('takes a queue or a topic as the dead-letter target, nothing else', () => {
    assert.deepEqual(configProblems(withFn({ deadLetter: { bus: 'orders' } })), [
      'functions.f.deadLetter.bus: unknown field (expected one of queue, topic)',
      'functions.f.deadLetter: expected exactly one of queue, topic, got none',
    ]);
    assert.deepEqual(configProblems(withFn({ deadLetter: 'dlq' })), ['functions.f.deadLetter: expected an object, got "dlq"']);
  });
});
