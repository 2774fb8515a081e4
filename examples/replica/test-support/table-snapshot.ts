import { ScanCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** An attribute value in a form `deepEqual` and JSON compare exactly: binaries in base64, set members sorted. */
export type Plain = { [type: string]: string | boolean | string[] | Plain[] | { [name: string]: Plain } };

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

function plain(value: AttributeValue): Plain {
  if (value.B !== undefined) return { B: base64(value.B) };
  // Sets have no order in DynamoDB; their members are compared sorted.
  if (value.BS !== undefined) return { BS: value.BS.map(base64).sort() };
  if (value.SS !== undefined) return { SS: [...value.SS].sort() };
  if (value.NS !== undefined) return { NS: [...value.NS].sort() };
  if (value.M !== undefined) return { M: plainItem(value.M) };
  if (value.L !== undefined) return { L: value.L.map(plain) };
  if (value.S !== undefined) return { S: value.S };
  if (value.N !== undefined) return { N: value.N };
  if (value.BOOL !== undefined) return { BOOL: value.BOOL };
  if (value.NULL !== undefined) return { NULL: value.NULL };
  throw new Error(`unexpected attribute value ${JSON.stringify(value)}`);
}

function plainItem(item: Record<string, AttributeValue>): { [name: string]: Plain } {
  return Object.fromEntries(Object.keys(item).sort().map((name) => [name, plain(item[name]!)]));
}

/** Every item of a table (a full Scan, all pages), in plain form, sorted by key (pk, then numeric sk). */
export async function snapshot(db: DynamoDBClient, table: string): Promise<{ [name: string]: Plain }[]> {
  const items: Record<string, AttributeValue>[] = [];
  let ExclusiveStartKey: Record<string, AttributeValue> | undefined;
  do {
    const page = await db.send(new ScanCommand({ TableName: table, ExclusiveStartKey }));
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  items.sort((a, b) => a.pk!.S!.localeCompare(b.pk!.S!) || Number(a.sk!.N) - Number(b.sk!.N));
  return items.map(plainItem);
}
