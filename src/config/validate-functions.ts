import { at, type ConfigChecker, type ConfigPath } from './config-checker.js';
import type { NormalizedEvent, NormalizedFunction } from './normalized-config.js';
import { validateEvent } from './validate-events.js';
import { validateFunctionCode } from './validate-function-code.js';
import { validateIsolation } from './validate-isolation.js';
import { validateAsyncInvoke, validateDeadLetter } from './validate-async-invoke.js';

/** Lambda's rules: function names 1–64 of letters, digits, `-` `_`; variable names as its API pattern. */
export const FUNCTION_NAME = { test: /^[A-Za-z0-9_-]{1,64}$/, what: 'a function name (1 to 64 characters: letters, digits, _ -)' };
const VARIABLE_NAME = /^[A-Za-z][A-Za-z0-9_]+$/;
/** Lambda's limit on all of a function's variables together (names and values). */
const MAX_ENVIRONMENT_BYTES = 4096;
const FUNCTION_FIELDS = ['handler', 'runtime', 'codeDir', 'pythonPath', 'isolation', 'timeout', 'memorySize', 'reservedConcurrency', 'environment', 'events', 'asyncInvoke', 'deadLetter'];

/** `baseDir`: the config file's directory, which `codeDir` and the code's paths are relative to. */
export function validateFunctions(check: ConfigChecker, raw: unknown, path: ConfigPath, baseDir: string): Record<string, NormalizedFunction> {
  const out: Record<string, NormalizedFunction> = {};
  const functions = check.object(raw, path);
  if (!functions) return out;
  const routes = new Map<string, string>();
  for (const [name, value] of Object.entries(functions)) {
    const functionPath = at(path, name);
    check.string(name, functionPath, FUNCTION_NAME);
    const fn = validateFunction(check, name, value, functionPath, baseDir);
    if (!fn) continue;
    out[name] = fn;
    fn.events.forEach((event, i) => {
      if (!('http' in event)) return;
      const route = `${event.http.method} ${event.http.path}`;
      const first = routes.get(route);
      if (first) check.problem(at(at(at(functionPath, 'events'), i), 'http'), `${route} is already routed by ${first}`);
      else routes.set(route, at(at(functionPath, 'events'), i));
    });
  }
  return out;
}

function validateFunction(check: ConfigChecker, name: string, raw: unknown, path: ConfigPath, baseDir: string): NormalizedFunction | undefined {
  const fn = check.object(raw, path, FUNCTION_FIELDS);
  if (!fn) return undefined;
  const field = (name: string) => at(path, name);
  const code = validateFunctionCode(check, fn, path, baseDir);
  const timeout = fn['timeout'] === undefined ? 3 : check.integer(fn['timeout'], field('timeout'), 1, 900);
  const memorySize = fn['memorySize'] === undefined ? 128 : check.integer(fn['memorySize'], field('memorySize'), 128, 10_240);
  // Lambda's bound is the account's concurrency (1000 by default) less the 100 it keeps unreserved.
  const reserved = fn['reservedConcurrency'] === undefined ? null : check.integer(fn['reservedConcurrency'], field('reservedConcurrency'), 0, 1000);
  const environment = fn['environment'] === undefined ? {} : validateEnvironment(check, fn['environment'], field('environment'));
  const isolation = validateIsolation(check, fn['isolation'], field('isolation'), code);
  let events: NormalizedEvent[] | undefined = [];
  if (fn['events'] !== undefined) {
    if (!Array.isArray(fn['events'])) events = check.expected(field('events'), 'a list of events', fn['events']);
    else {
      const checked = fn['events'].map((event, i) => validateEvent(check, event, at(field('events'), i), name));
      events = checked.every((event) => event !== undefined) ? (checked as NormalizedEvent[]) : undefined;
    }
  }
  const asyncInvoke = fn['asyncInvoke'] === undefined ? null : validateAsyncInvoke(check, fn['asyncInvoke'], field('asyncInvoke'), name);
  const deadLetter = fn['deadLetter'] === undefined ? null : validateDeadLetter(check, fn['deadLetter'], field('deadLetter'));
  if (!code || timeout === undefined || memorySize === undefined || reserved === undefined || !environment || !events || isolation === false) return undefined;
  if (asyncInvoke === undefined || deadLetter === undefined) return undefined;
  const out: NormalizedFunction = { ...code, timeout, memorySize, environment, events };
  if (asyncInvoke !== null) out.asyncInvoke = asyncInvoke;
  if (deadLetter !== null) out.deadLetter = deadLetter;
  if (reserved !== null) out.reservedConcurrency = reserved;
  if (isolation !== undefined) out.isolation = isolation;
  return out;
}

function validateEnvironment(check: ConfigChecker, raw: unknown, path: ConfigPath): Record<string, string> | undefined {
  const environment = check.object(raw, path);
  if (!environment) return undefined;
  let valid = true;
  let bytes = 0;
  for (const [name, value] of Object.entries(environment)) {
    if (!VARIABLE_NAME.test(name)) {
      check.expected(at(path, name), 'a variable name (a letter, then letters, digits or _; 2 characters at least)', name);
      valid = false;
    }
    if (typeof value !== 'string') {
      check.expected(at(path, name), 'a string', value);
      valid = false;
    } else {
      bytes += Buffer.byteLength(name) + Buffer.byteLength(value);
    }
  }
  if (bytes > MAX_ENVIRONMENT_BYTES) {
    check.problem(path, `at most ${MAX_ENVIRONMENT_BYTES} bytes of names and values, got ${bytes}`);
    valid = false;
  }
  return valid ? (environment as Record<string, string>) : undefined;
}
