/** The config context owns eddy.config.ts: its types, loading, validation, and applying it to stored resources. */
export { defineConfig } from './config-types.js';
export type * from './config-types.js';
export type * from './normalized-config.js';
export { ConfigError } from './config-error.js';
export { findConfigFile, loadConfig, readConfigFile, DEFAULT_CONFIG_FILES, type LoadedConfig, type TemplateSummary } from './load-config.js';
export { validateConfig } from './validate-config.js';
export { applyConfig, checkConfig, type CheckedConfig, type CheckOptions, type ConfigTargets, type EventTargets } from './apply-config.js';
export { functionSpec, type FunctionTargets } from './config-functions.js';
export type { EventRef } from './config-changes.js';
export type { AppliedResource, ApplyReport } from './apply-report.js';
