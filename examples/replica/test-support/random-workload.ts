import {
  BatchWriteItemCommand,
  DeleteItemCommand,
  PutItemCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  type DynamoDBClient,
  type TransactWriteItem,
  type UpdateItemCommandInput,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import { binaries, historyEntries, keyOf, number, numbers, profile, randomItem, strings, word } from './random-items.js';
import { SeededRandom } from './seeded-random.js';

/** Refusals a random workload provokes on purpose (conditions that do not hold); anything else is a failure. */
const EXPECTED_REFUSALS = new Set(['ConditionalCheckFailedException', 'TransactionCanceledException']);

type Update = Omit<UpdateItemCommandInput, 'TableName' | 'Key'>;

/**
 * One writer of a seeded random workload on a table keyed like `keyOf`: PutItem, UpdateItem (SET,
 * REMOVE, ADD, DELETE, list_append, nested map paths, list indexes), DeleteItem, BatchWriteItem and
 * TransactWriteItems over `keys` keys.
 */
export class RandomWorkload {
  readonly #db: DynamoDBClient;
  readonly #table: string;
  readonly #random: SeededRandom;
  readonly #keys: number;

  constructor(db: DynamoDBClient, table: string, seed: number, keys: number) {
    this.#db = db;
    this.#table = table;
    this.#random = new SeededRandom(seed);
    this.#keys = keys;
  }

  /** Runs `operations` operations one after another, or fewer once `stop()` holds. */
  async run(operations: number, stop: () => boolean = () => false): Promise<void> {
    for (let i = 0; i < operations && !stop(); i++) {
      try {
        await this.#step();
      } catch (error) {
        if (!EXPECTED_REFUSALS.has((error as Error).name)) throw error;
      }
    }
  }

  async #step(): Promise<void> {
    const random = this.#random;
    const n = random.int(0, this.#keys - 1);
    const roll = random.next();
    if (roll < 0.2) await this.#db.send(new PutItemCommand({ TableName: this.#table, Item: randomItem(random, n) }));
    else if (roll < 0.65) await this.#db.send(new UpdateItemCommand({ TableName: this.#table, Key: keyOf(n), ...this.#update() }));
    else if (roll < 0.75) await this.#db.send(new DeleteItemCommand({ TableName: this.#table, Key: keyOf(n) }));
    else if (roll < 0.9) await this.#batch();
    else await this.#transaction();
  }

  #update(): Update {
    const random = this.#random;
    switch (random.int(0, 7)) {
      case 0:
        return {
          UpdateExpression: 'SET #name = :name, #count = if_not_exists(#count, :count), active = :active',
          ExpressionAttributeNames: { '#name': 'name', '#count': 'count' },
          ExpressionAttributeValues: { ':name': { S: word(random) }, ':count': { N: number(random) }, ':active': { BOOL: random.chance(0.5) } },
        };
      case 1: {
        const names = random.some(['name', 'count', 'active', 'note', 'tags', 'scores', 'blobs', 'data', 'history', 'profile'], random.int(1, 3));
        return { UpdateExpression: `REMOVE ${names.map((_, i) => `#r${i}`).join(', ')}`, ExpressionAttributeNames: Object.fromEntries(names.map((name, i) => [`#r${i}`, name])) };
      }
      case 2:
        return {
          UpdateExpression: 'ADD #count :n, tags :tags, scores :scores',
          ExpressionAttributeNames: { '#count': 'count' },
          ExpressionAttributeValues: { ':n': { N: String(random.int(1, 9)) }, ':tags': { SS: strings(random) }, ':scores': { NS: numbers(random) } },
        };
      case 3:
        return {
          UpdateExpression: 'DELETE tags :tags, blobs :blobs',
          ExpressionAttributeValues: { ':tags': { SS: strings(random) }, ':blobs': { BS: binaries(random) } },
        };
      case 4:
        return {
          UpdateExpression: 'SET history = list_append(if_not_exists(history, :empty), :more)',
          ExpressionAttributeValues: { ':empty': { L: [] }, ':more': { L: historyEntries(random) } },
        };
      case 5:
        // A nested path needs its map: the condition refuses the update when there is no profile.
        return {
          UpdateExpression: 'SET profile.city = :city, profile.prefs.dark = :dark REMOVE profile.zip',
          ConditionExpression: 'attribute_type(profile.prefs, :map)',
          ExpressionAttributeValues: { ':city': { S: word(random) }, ':dark': { BOOL: random.chance(0.5) }, ':map': { S: 'M' } },
        };
      case 6:
        return {
          UpdateExpression: 'REMOVE history[0] SET #data = :data, profile = if_not_exists(profile, :profile)',
          ConditionExpression: 'size(history) > :zero',
          ExpressionAttributeNames: { '#data': 'data' },
          ExpressionAttributeValues: { ':data': { B: random.bytes(random.int(1, 16)) }, ':profile': profile(random), ':zero': { N: '0' } },
        };
      default:
        return {
          UpdateExpression: 'SET note = :null, blobs = :blobs ADD #count :n',
          ExpressionAttributeNames: { '#count': 'count' },
          ExpressionAttributeValues: { ':null': { NULL: true }, ':blobs': { BS: binaries(random) }, ':n': { N: '-1.5' } },
        };
    }
  }

  /** BatchWriteItem over distinct keys (it refuses two requests for one key), resending what is unprocessed. */
  async #batch(): Promise<void> {
    const random = this.#random;
    const keys = random.some([...Array(this.#keys).keys()], random.int(2, 12));
    let pending: WriteRequest[] = keys.map((n) =>
      random.chance(0.7) ? { PutRequest: { Item: randomItem(random, n) } } : { DeleteRequest: { Key: keyOf(n) } },
    );
    while (pending.length > 0) {
      const out = await this.#db.send(new BatchWriteItemCommand({ RequestItems: { [this.#table]: pending } }));
      pending = out.UnprocessedItems?.[this.#table] ?? [];
    }
  }

  /** TransactWriteItems over distinct keys; a ConditionCheck on a missing key cancels the whole of it. */
  async #transaction(): Promise<void> {
    const random = this.#random;
    const keys = random.some([...Array(this.#keys).keys()], random.int(2, 6));
    const TableName = this.#table;
    const actions = keys.map((n): TransactWriteItem => {
      switch (random.int(0, 3)) {
        case 0:
          return { Put: { TableName, Item: randomItem(random, n) } };
        case 1:
          return { Update: { TableName, Key: keyOf(n), ...this.#update() } as NonNullable<TransactWriteItem['Update']> };
        case 2:
          return { Delete: { TableName, Key: keyOf(n) } };
        default:
          return { ConditionCheck: { TableName, Key: keyOf(n), ConditionExpression: 'attribute_exists(pk)' } };
      }
    });
    await this.#db.send(new TransactWriteItemsCommand({ TransactItems: actions }));
  }
}
