import { string } from './shape.js';

/** BackupArn of the backup operations (AWS model: 37–1024 characters). */
export const backupArnShape = () => string({ required: true, minLength: 37, maxLength: 1024 });
