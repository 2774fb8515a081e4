import { enumOf, integer, string } from './shapes.js';

/** Members of the archive and replay actions, with the model's bounds and patterns (botocore events 2015-10-07). */

export const archiveName = string({ min: 1, max: 48, pattern: '[\\.\\-_A-Za-z0-9]+' });

export const replayName = string({ min: 1, max: 64, pattern: '[\\.\\-_A-Za-z0-9]+' });

/** ArchiveDescription and ReplayDescription. */
export const description = string({ max: 512, pattern: '.*' });

/** 0: kept forever. */
export const retentionDays = integer({ min: 0 });

export const archiveState = enumOf(['ENABLED', 'DISABLED', 'CREATING', 'UPDATING', 'CREATE_FAILED', 'UPDATE_FAILED']);

export const replayState = enumOf(['STARTING', 'RUNNING', 'CANCELLING', 'COMPLETED', 'CANCELLED', 'FAILED']);
