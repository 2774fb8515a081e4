import type { Deployment } from '../shared/arns.js';

export const scheduleArn = (d: Deployment, group: string, name: string): string => `arn:aws:scheduler:${d.region}:${d.account}:schedule/${group}/${name}`;
export const groupArn = (d: Deployment, name: string): string => `arn:aws:scheduler:${d.region}:${d.account}:schedule-group/${name}`;

/** The group a schedule-group ARN of this deployment names, or undefined. */
export function groupNameOfArn(d: Deployment, arn: string): string | undefined {
  const prefix = `arn:aws:scheduler:${d.region}:${d.account}:schedule-group/`;
  return arn.startsWith(prefix) && /^[0-9a-zA-Z\-_.]+$/.test(arn.slice(prefix.length)) ? arn.slice(prefix.length) : undefined;
}
