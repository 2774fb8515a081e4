import { dirname, resolve } from 'node:path';
import { ConfigChecker } from './config-checker.js';
import type { NormalizedConfig } from './normalized-config.js';
import { validateFunctions } from './validate-functions.js';
import { validateHttpApi } from './validate-http-api.js';
import { validateQueues } from './validate-queues.js';
import { validateTables } from './validate-tables.js';

export { ConfigError } from './config-error.js';

const TOP_FIELDS = ['tables', 'queues', 'functions', 'http'];

/**
 * Checks every field of a config (unknown fields refused) and returns it normalized. All problems are
 * collected and thrown as one ConfigError, one line each: `FILE: path.to.field: expected …, got …`.
 * References to tables and queues are checked as names only: they may be declared here or be created
 * through the API, so whether they exist is for the operation that uses them.
 */
export function validateConfig(raw: unknown, file: string): NormalizedConfig {
  const check = new ConfigChecker(file);
  const config = check.object(raw, '', TOP_FIELDS);
  const tables = validateTables(check, config?.['tables'] ?? {}, 'tables');
  const queues = validateQueues(check, config?.['queues'] ?? {}, 'queues');
  const functions = validateFunctions(check, config?.['functions'] ?? {}, 'functions');
  // Names as declared, so a route to a function with a problem of its own is not reported twice.
  const rawFunctions = config?.['functions'];
  const declared = typeof rawFunctions === 'object' && rawFunctions !== null && !Array.isArray(rawFunctions) ? Object.keys(rawFunctions) : [];
  const http = validateHttpApi(check, config?.['http'], functions, declared);
  check.throwIfAny();
  const absolute = resolve(file);
  return { file: absolute, baseDir: dirname(absolute), tables, queues, functions, ...(http && { http }) };
}
