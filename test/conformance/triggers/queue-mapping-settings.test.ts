import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compilePattern } from '../../../src/patterns/index.js';
import { queueSettingsFrom } from '../../../src/triggers/queue-source/index.js';

const validatePattern = (pattern: string) => void compilePattern(JSON.parse(pattern) as object);

describe('queue mapping settings', () => {
  const standard = { fifo: false, validatePattern };
  const fifo = { fifo: true, validatePattern };
  const invalid = (message: string) => ({ code: 'InvalidParameterValueException', message });
  const validation = (message: string) => ({ code: 'ValidationException', message });

  it('applies AWS defaults for SQS sources', () => {
    assert.deepEqual(queueSettingsFrom({}, undefined, standard), {
      kind: 'sqs',
      enabled: true,
      batchSize: 10,
      maximumBatchingWindowInSeconds: 0,
      functionResponseTypes: [],
      filterPatterns: [],
      state: 'Enabled',
      lastProcessingResult: 'No records processed',
    });
  });

  it('rejects StartingPosition and the stream-only members', () => {
    assert.throws(() => queueSettingsFrom({ StartingPosition: 'LATEST' }, undefined, standard), invalid('StartingPosition is not valid for SQS event sources.'));
    assert.throws(
      () => queueSettingsFrom({ ParallelizationFactor: 2 }, undefined, standard),
      invalid('Unsupported ParallelizationFactor parameter for given event source mapping type.'),
    );
    assert.throws(
      () => queueSettingsFrom({ DestinationConfig: { OnFailure: { Destination: 'arn:aws:sqs:us-east-1:000000000000:x' } } }, undefined, standard),
      invalid('Unsupported DestinationConfig parameter for given event source mapping type.'),
    );
  });

  it('checks BatchSize, the batching window and their combination', () => {
    assert.throws(
      () => queueSettingsFrom({ BatchSize: 0 }, undefined, standard),
      validation("1 validation error detected: Value '0' at 'batchSize' failed to satisfy constraint: Member must have value greater than or equal to 1"),
    );
    assert.throws(
      () => queueSettingsFrom({ BatchSize: 10_001, MaximumBatchingWindowInSeconds: 1 }, undefined, standard),
      validation("1 validation error detected: Value '10001' at 'batchSize' failed to satisfy constraint: Member must have value less than or equal to 10000"),
    );
    assert.throws(
      () => queueSettingsFrom({ MaximumBatchingWindowInSeconds: 301 }, undefined, standard),
      validation("1 validation error detected: Value '301' at 'maximumBatchingWindowInSeconds' failed to satisfy constraint: Member must have value less than or equal to 300"),
    );
    assert.throws(
      () => queueSettingsFrom({ BatchSize: 11 }, undefined, standard),
      invalid('Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10'),
    );
    assert.equal(queueSettingsFrom({ BatchSize: 10_000, MaximumBatchingWindowInSeconds: 1 }, undefined, standard).batchSize, 10_000);
  });

  it('limits FIFO sources to batches of 10 and no batching window', () => {
    assert.throws(() => queueSettingsFrom({ MaximumBatchingWindowInSeconds: 1 }, undefined, fifo), invalid('Batching window is not supported for FIFO queues'));
    assert.throws(() => queueSettingsFrom({ BatchSize: 11 }, undefined, fifo), invalid('Maximum batch size must be between 1 and 10 inclusive'));
    assert.equal(queueSettingsFrom({ BatchSize: 10 }, undefined, fifo).batchSize, 10);
  });

  it('checks ScalingConfig.MaximumConcurrency (2–1000); an update with {} removes it, one without keeps it', () => {
    assert.throws(
      () => queueSettingsFrom({ ScalingConfig: { MaximumConcurrency: 1 } }, undefined, standard),
      validation("1 validation error detected: Value '1' at 'scalingConfig.maximumConcurrency' failed to satisfy constraint: Member must have value greater than or equal to 2"),
    );
    assert.throws(
      () => queueSettingsFrom({ ScalingConfig: { MaximumConcurrency: 1001 } }, undefined, standard),
      validation("1 validation error detected: Value '1001' at 'scalingConfig.maximumConcurrency' failed to satisfy constraint: Member must have value less than or equal to 1000"),
    );
    const capped = queueSettingsFrom({ ScalingConfig: { MaximumConcurrency: 2 } }, undefined, standard);
    assert.equal(capped.maximumConcurrency, 2);
    assert.equal(queueSettingsFrom({ Enabled: false }, capped, standard).maximumConcurrency, 2);
    assert.equal('maximumConcurrency' in queueSettingsFrom({ ScalingConfig: {} }, capped, standard), false);
  });

  it('checks FunctionResponseTypes and filters', () => {
    assert.throws(
      () => queueSettingsFrom({ FunctionResponseTypes: ['Everything'] }, undefined, standard),
      validation(`1 validation error detected: Value '["Everything"]' at 'functionResponseTypes' failed to satisfy constraint: Member must satisfy enum value set: [ReportBatchItemFailures]`),
    );
    assert.throws(() => queueSettingsFrom({ FilterCriteria: { Filters: [{ Pattern: '{"body":' }] } }, undefined, standard), invalid('Invalid filter pattern definition.'));
  });

  it('keeps what an update leaves out, and checks the combination with the current values', () => {
    const current = queueSettingsFrom({ BatchSize: 50, MaximumBatchingWindowInSeconds: 5, FunctionResponseTypes: ['ReportBatchItemFailures'] }, undefined, standard);
    const disabled = queueSettingsFrom({ Enabled: false }, current, standard);
    assert.deepEqual([disabled.batchSize, disabled.maximumBatchingWindowInSeconds, disabled.functionResponseTypes, disabled.state], [50, 5, ['ReportBatchItemFailures'], 'Disabled']);
    assert.throws(
      () => queueSettingsFrom({ MaximumBatchingWindowInSeconds: 0 }, current, standard),
      invalid('Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10'),
    );
  });
});
