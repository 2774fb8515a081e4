import type { Deployment } from '../shared/arns.js';

export const functionArn = (d: Deployment, name: string): string => `arn:aws:lambda:${d.region}:${d.account}:function:${name}`;
