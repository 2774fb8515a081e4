import type { AsyncDestinationConfig, AsyncInvokeConfig } from './config-types.js';
import { BUS_NAME } from './bus-name-rules.js';
import { at, type ConfigChecker, type ConfigPath } from './config-checker.js';
import { FUNCTION_NAME } from './validate-functions.js';
import { QUEUE_NAME } from './validate-queues.js';
import { TOPIC_NAME } from '../topics/config/validate-topics.js';

const ASYNC_FIELDS = ['maximumRetryAttempts', 'maximumEventAge', 'onSuccess', 'onFailure'];
const DESTINATION_KINDS = ['queue', 'topic', 'function', 'bus'] as const;
const DEAD_LETTER_KINDS = ['queue', 'topic'] as const;

/**
 * `functions.NAME.asyncInvoke`: PutFunctionEventInvokeConfig's settings (SEMANTICS G.3 "Event invoke
 * config"): MaximumRetryAttempts 0–2, MaximumEventAgeInSeconds 60–21600, at least one setting, and
 * destinations Lambda can deliver to — a standard queue, a standard topic, another function, a bus.
 * Kept as written: a setting left out is Lambda's default.
 */
export function validateAsyncInvoke(check: ConfigChecker, raw: unknown, path: ConfigPath, fn: string): AsyncInvokeConfig | undefined {
  const config = check.object(raw, path, ASYNC_FIELDS);
  if (!config) return undefined;
  if (ASYNC_FIELDS.every((field) => config[field] === undefined)) {
    check.problem(path, `set at least one of ${ASYNC_FIELDS.join(', ')} (Lambda: You must specify at least one of error handling or destination setting.)`);
    return undefined;
  }
  const out: AsyncInvokeConfig = {};
  let valid = true;
  if (config['maximumRetryAttempts'] !== undefined) {
    const retries = check.integer(config['maximumRetryAttempts'], at(path, 'maximumRetryAttempts'), 0, 2);
    if (retries === undefined) valid = false;
    else out.maximumRetryAttempts = retries;
  }
  if (config['maximumEventAge'] !== undefined) {
    const age = check.integer(config['maximumEventAge'], at(path, 'maximumEventAge'), 60, 21_600);
    if (age === undefined) valid = false;
    else out.maximumEventAge = age;
  }
  for (const outcome of ['onSuccess', 'onFailure'] as const) {
    if (config[outcome] === undefined) continue;
    const destination = validateDestination(check, config[outcome], at(path, outcome), DESTINATION_KINDS, fn);
    if (destination === undefined) valid = false;
    else out[outcome] = destination;
  }
  return valid ? out : undefined;
}

/** `functions.NAME.deadLetter`: Lambda's DeadLetterConfig, a standard queue or a standard topic. */
export function validateDeadLetter(check: ConfigChecker, raw: unknown, path: ConfigPath): { queue: string } | { topic: string } | undefined {
  return validateDestination(check, raw, path, DEAD_LETTER_KINDS, undefined) as { queue: string } | { topic: string } | undefined;
}

/**
 * Exactly one of `kinds`, naming a queue, topic, function or bus by its name. FIFO queues and topics are
 * refused: Lambda sends records and dead letters without a message group (as destination-arn.ts; AWS's
 * own answer to a FIFO target is unconfirmed). A function may not be its own destination (Lambda's rule).
 */
function validateDestination(check: ConfigChecker, raw: unknown, path: ConfigPath, kinds: readonly string[], self: string | undefined): AsyncDestinationConfig | undefined {
  const target = check.object(raw, path, kinds);
  if (!target) return undefined;
  const given = kinds.filter((kind) => target[kind] !== undefined);
  if (given.length !== 1) {
    check.problem(path, `expected exactly one of ${kinds.join(', ')}, got ${given.length === 0 ? 'none' : given.join(', ')}`);
    return undefined;
  }
  const kind = given[0]!;
  const field = at(path, kind);
  const rule = kind === 'queue' ? QUEUE_NAME : kind === 'topic' ? TOPIC_NAME : kind === 'function' ? FUNCTION_NAME : BUS_NAME;
  const name = check.string(target[kind], field, rule);
  if (name === undefined) return undefined;
  if ((kind === 'queue' || kind === 'topic') && name.endsWith('.fifo')) {
    check.problem(field, `${name} is a FIFO ${kind}: Lambda sends to standard ${kind}s only`);
    return undefined;
  }
  if (kind === 'function' && name === self) {
    check.problem(field, "a function cannot be its own destination (Lambda: You can't specify the function as a destination for itself.)");
    return undefined;
  }
  return { [kind]: name } as AsyncDestinationConfig;
}
