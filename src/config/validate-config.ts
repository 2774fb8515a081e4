import { dirname, resolve } from 'node:path';
import { ConfigChecker } from './config-checker.js';
import { configRules, ruleClashes } from './config-rules.js';
import type { NormalizedConfig } from './normalized-config.js';
import { validateAuth } from './auth-credentials.js';
import { validateArchives, validateBuses } from './validate-buses.js';
import { validateConnections } from './validate-connections.js';
import { validateFunctions } from './validate-functions.js';
import { validateHttpApi } from './validate-http-api.js';
import { validateQueues } from './validate-queues.js';
import { validateRules } from './validate-rules.js';
import { validateTables } from './validate-tables.js';
import { validateSchedules } from '../scheduler/config/validate-schedules.js';
import { validatePipes } from '../pipes/config/validate-pipes.js';
import { validateTopics } from '../topics/config/validate-topics.js';

export { ConfigError } from './config-error.js';

const TOP_FIELDS = ['tables', 'queues', 'functions', 'http', 'buses', 'rules', 'archives', 'connections', 'auth', 'schedules', 'pipes', 'topics'];

/**
 * Checks every field of a config (unknown fields refused) and returns it normalized. All problems are
 * collected and thrown as one ConfigError, one line each: `FILE: path.to.field: expected …, got …`.
 * References to tables, queues, buses and connections are checked as names only: they may be declared
 * here or be created through the API, so whether they exist is checked against storage before the
 * config is applied (config-references.ts, bus-references.ts).
 */
export function validateConfig(raw: unknown, file: string): NormalizedConfig {
  const check = new ConfigChecker(file);
  const absolute = resolve(file);
  const config = check.object(raw, '', TOP_FIELDS);
  const tables = validateTables(check, config?.['tables'] ?? {}, 'tables');
  const queues = validateQueues(check, config?.['queues'] ?? {}, 'queues');
  const functions = validateFunctions(check, config?.['functions'] ?? {}, 'functions', dirname(absolute));
  // Names as declared, so a route to a function with a problem of its own is not reported twice.
  const rawFunctions = config?.['functions'];
  const declared = typeof rawFunctions === 'object' && rawFunctions !== null && !Array.isArray(rawFunctions) ? Object.keys(rawFunctions) : [];
  const http = validateHttpApi(check, config?.['http'], functions, declared);
  const buses = validateBuses(check, config?.['buses'] ?? {}, 'buses');
  const rules = validateRules(check, config?.['rules'] ?? {}, 'rules');
  const archives = validateArchives(check, config?.['archives'] ?? {}, 'archives');
  const connections = validateConnections(check, config?.['connections'] ?? {}, 'connections');
  const auth = validateAuth(check, config?.['auth'], 'auth');
  const schedules = validateSchedules(check, config?.['schedules'] ?? {}, 'schedules');
  const pipes = validatePipes(check, config?.['pipes'] ?? {}, 'pipes');
  const topics = validateTopics(check, config?.['topics'] ?? {}, 'topics');
  for (const { path, message } of ruleClashes(configRules({ rules, functions }))) check.problem(path, message);
  check.throwIfAny();
  return { file: absolute, baseDir: dirname(absolute), tables, queues, functions, ...(http && { http }), buses, rules, archives, connections, ...(auth && { auth }), ...(Object.keys(schedules).length > 0 && { schedules }), ...(Object.keys(pipes).length > 0 && { pipes }), ...(Object.keys(topics).length > 0 && { topics }) };
}
