import { randomBytes } from 'node:crypto';
import { tableArn, type Deployment } from '../../shared/arns.js';

/**
 * A new backup's ARN: `<table ARN>/backup/<epoch ms, 14 digits>-<8 hex>`. AWS writes the creation
 * time with a leading zero (`…/backup/01489602797149-73d8d5bc`, the API reference's example); the
 * random part keeps two backups of one millisecond apart.
 */
export function newBackupArn(deployment: Deployment, tableName: string, createdAt: number): string {
  return `${tableArn(deployment, tableName)}/backup/${String(createdAt).padStart(14, '0')}-${randomBytes(4).toString('hex')}`;
}

const BACKUP_ARN = /^arn:aws:dynamodb:[^:]+:[^:]+:table\/[^/]+\/backup\/(\d{14})-[0-9a-f]{8}$/;

/** The creation time a backup ARN carries (epoch ms), or undefined when the text is not a backup ARN. */
export function backupArnTime(arn: string): number | undefined {
  const match = BACKUP_ARN.exec(arn);
  return match ? Number(match[1]) : undefined;
}
