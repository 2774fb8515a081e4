/** Eddy's public API for programs and test suites. */
export { startEddy } from './main.js';
export type { EddyOptions, RunningEddy } from './main.js';
export { ManualClock, type Clock } from './shared/clock.js';
export { defineConfig, ConfigError } from './config/index.js';
export { DataDirectoryInUseError } from './storage/sqlite/data-directory-lock.js';
export type { EddyConfig } from './config/index.js';
