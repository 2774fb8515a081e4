import type { TableContext } from '../table-context.js';

/** DynamoDB's default account and table capacity quotas (the values AWS returns for a new account). */
export async function describeLimits(_ctx: TableContext, _input: unknown): Promise<unknown> {
  return {
    AccountMaxReadCapacityUnits: 80000,
    AccountMaxWriteCapacityUnits: 80000,
    TableMaxReadCapacityUnits: 40000,
    TableMaxWriteCapacityUnits: 40000,
  };
}
