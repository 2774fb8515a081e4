/** Where resources live: the account and region put into every ARN Eddy hands out. */
export interface Deployment {
  region: string;
  account: string;
}

export const defaultDeployment: Deployment = { region: 'us-east-1', account: '000000000000' };

export const tableArn = (d: Deployment, tableName: string): string =>
  `arn:aws:dynamodb:${d.region}:${d.account}:table/${tableName}`;

export const indexArn = (d: Deployment, tableName: string, indexName: string): string =>
  `${tableArn(d, tableName)}/index/${indexName}`;

export const streamArn = (d: Deployment, tableName: string, label: string): string =>
  `${tableArn(d, tableName)}/stream/${label}`;
