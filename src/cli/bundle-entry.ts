/** What the command line's bundle (scripts/bundle-cli.mjs) exports: see load-command-line.ts. */
export { main } from './eddy-main.js';
export { startCommand } from './start-command.js';
