#!/usr/bin/env node
/** The `eddy` command line (its commands are in eddy-main.ts; load-command-line.ts says how they load). */
import { loadCommandLine } from './load-command-line.js';

const { main } = await loadCommandLine();
const code = await main(process.argv.slice(2));
if (code >= 0) process.exitCode = code;
