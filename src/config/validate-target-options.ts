import { InvalidTargetInputError, validateTargetInput } from '../bus/input/index.js';
import { at, type ConfigChecker, type ConfigPath } from './config-checker.js';
import type { NormalizedTargetOptions } from './normalized-bus.js';
import { isFifoName, QUEUE_NAME } from './validate-queues.js';

export const TARGET_OPTIONS = ['input', 'inputPath', 'inputTransformer', 'retryPolicy', 'deadLetter'] as const;
const INPUTS = ['input', 'inputPath', 'inputTransformer'] as const;

/**
 * What every target (and a function's `eventBridge` event) takes besides its resource. `input` is any
 * JSON value, sent as its JSON text; the input options then pass PutTargets' own checks
 * (validateTargetInput: paths, templates, placeholders), whose messages are AWS's.
 */
export function validateTargetOptions(check: ConfigChecker, raw: Record<string, unknown>, path: ConfigPath, id: string): NormalizedTargetOptions | undefined {
  const given = INPUTS.filter((option) => raw[option] !== undefined);
  if (given.length > 1) {
    check.problem(path, `expected at most one of ${INPUTS.join(', ')}, got ${given.join(', ')}`);
    return undefined;
  }
  const out: NormalizedTargetOptions = {};
  let valid = true;
  if (raw['input'] !== undefined) {
    const text = jsonText(raw['input']);
    if (text === undefined) valid = check.expected(at(path, 'input'), 'a JSON value (an object, array, string, number, boolean or null)', raw['input']) ?? false;
    else out.input = text;
  }
  if (raw['inputPath'] !== undefined) {
    const inputPath = check.string(raw['inputPath'], at(path, 'inputPath'));
    if (inputPath === undefined) valid = false;
    else out.inputPath = inputPath;
  }
  if (raw['inputTransformer'] !== undefined) {
    const transformer = validateTransformer(check, raw['inputTransformer'], at(path, 'inputTransformer'));
    if (transformer === undefined) valid = false;
    else out.inputTransformer = transformer;
  }
  if (raw['retryPolicy'] !== undefined) {
    const policy = check.object(raw['retryPolicy'], at(path, 'retryPolicy'), ['maximumRetryAttempts', 'maximumEventAge']);
    const attempts = policy?.['maximumRetryAttempts'];
    const age = policy?.['maximumEventAge'];
    const maximumRetryAttempts = attempts === undefined ? undefined : check.integer(attempts, at(at(path, 'retryPolicy'), 'maximumRetryAttempts'), 0, 185);
    const maximumEventAge = age === undefined ? undefined : check.integer(age, at(at(path, 'retryPolicy'), 'maximumEventAge'), 60, 86_400);
    if (!policy || (attempts !== undefined && maximumRetryAttempts === undefined) || (age !== undefined && maximumEventAge === undefined)) valid = false;
    else out.retryPolicy = { ...(maximumRetryAttempts !== undefined && { maximumRetryAttempts }), ...(maximumEventAge !== undefined && { maximumEventAge }) };
  }
  if (raw['deadLetter'] !== undefined) {
    const deadLetter = check.object(raw['deadLetter'], at(path, 'deadLetter'), ['queue']);
    const queuePath = at(at(path, 'deadLetter'), 'queue');
    const queue = deadLetter && check.present(deadLetter['queue'], queuePath) ? check.string(deadLetter['queue'], queuePath, QUEUE_NAME) : undefined;
    if (queue !== undefined && isFifoName(queue)) {
      check.problem(queuePath, `expected a standard queue (a bus target's dead-letter queue is not a FIFO queue), got ${JSON.stringify(queue)}`);
      valid = false;
    } else if (queue === undefined) valid = false;
    else out.deadLetter = { queue };
  }
  if (!valid) return undefined;
  return inputAccepted(check, out, path, id) ? out : undefined;
}

function validateTransformer(check: ConfigChecker, raw: unknown, path: ConfigPath): NormalizedTargetOptions['inputTransformer'] {
  const transformer = check.object(raw, path, ['inputPaths', 'inputTemplate']);
  if (!transformer) return undefined;
  const template = check.present(transformer['inputTemplate'], at(path, 'inputTemplate')) ? check.string(transformer['inputTemplate'], at(path, 'inputTemplate')) : undefined;
  let inputPaths: Record<string, string> | undefined = {};
  if (transformer['inputPaths'] !== undefined) {
    const paths = check.object(transformer['inputPaths'], at(path, 'inputPaths'));
    const wrong = Object.entries(paths ?? {}).filter(([name, value]) => check.string(value, at(at(path, 'inputPaths'), name)) === undefined);
    inputPaths = paths && wrong.length === 0 ? (paths as Record<string, string>) : undefined;
  }
  return template === undefined || inputPaths === undefined ? undefined : { inputPaths, inputTemplate: template };
}

/** PutTargets' checks of the input options, in AWS's words (e.g. `InputPath for target function-audit is invalid.`). */
function inputAccepted(check: ConfigChecker, options: NormalizedTargetOptions, path: ConfigPath, id: string): boolean {
  const { input, inputPath, inputTransformer } = options;
  try {
    validateTargetInput(
      {
        id,
        ...(input !== undefined && { input }),
        ...(inputPath !== undefined && { inputPath }),
        ...(inputTransformer && { inputTransformer: { inputTemplate: inputTransformer.inputTemplate, inputPathsMap: inputTransformer.inputPaths } }),
      },
      path,
    );
    return true;
  } catch (error) {
    if (!(error instanceof InvalidTargetInputError)) throw error;
    check.problem(path, error.message);
    return false;
  }
}

/** A value's JSON text, or undefined for what JSON cannot hold (functions, undefined, cycles, bigints). */
function jsonText(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}
