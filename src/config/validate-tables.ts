import type { KeyAttributeConfig, StreamViewType } from './config-types.js';
import { at, type ConfigChecker, type ConfigPath } from './config-checker.js';
import type { NormalizedIndex, NormalizedTable } from './normalized-config.js';

/** DynamoDB's rules for table and index names. */
export const TABLE_NAME = { test: /^[A-Za-z0-9_.-]{3,255}$/, what: 'a table name (3 to 255 characters: letters, digits, _ . -)' };
const INDEX_NAME = { test: /^[A-Za-z0-9_.-]{3,255}$/, what: 'an index name (3 to 255 characters: letters, digits, _ . -)' };
const ATTRIBUTE_NAME = { test: /^[\s\S]{1,255}$/, what: 'an attribute name (1 to 255 characters)' };

const KEY_TYPES = ['S', 'N', 'B'] as const;
const VIEW_TYPES: readonly StreamViewType[] = ['KEYS_ONLY', 'NEW_IMAGE', 'OLD_IMAGE', 'NEW_AND_OLD_IMAGES'];
const TABLE_FIELDS = ['partitionKey', 'sortKey', 'globalIndexes', 'localIndexes', 'stream', 'ttlAttribute'];
const INDEX_FIELDS = ['partitionKey', 'sortKey', 'projection'];
/** DynamoDB's per-table limits. */
const MAX_GLOBAL_INDEXES = 20;
const MAX_LOCAL_INDEXES = 5;
const MAX_PROJECTED_ATTRIBUTES = 100;

export function validateTables(check: ConfigChecker, raw: unknown, path: ConfigPath): Record<string, NormalizedTable> {
  const out: Record<string, NormalizedTable> = {};
  const tables = check.object(raw, path);
  if (!tables) return out;
  for (const [name, value] of Object.entries(tables)) {
    const tablePath = at(path, name);
    check.string(name, tablePath, TABLE_NAME);
    const table = validateTable(check, value, tablePath);
    if (table) out[name] = table;
  }
  return out;
}

function validateTable(check: ConfigChecker, raw: unknown, path: ConfigPath): NormalizedTable | undefined {
  const table = check.object(raw, path, TABLE_FIELDS);
  if (!table) return undefined;
  const types = new AttributeTypes(check);
  const partitionKey = check.present(table['partitionKey'], at(path, 'partitionKey'))
    ? keyAttribute(check, table['partitionKey'], at(path, 'partitionKey'), types)
    : undefined;
  const sortKey = table['sortKey'] === undefined ? undefined : keyAttribute(check, table['sortKey'], at(path, 'sortKey'), types);

  const globalIndexes: Record<string, NormalizedIndex> = {};
  const indexNames = new Set<string>();
  const globals = table['globalIndexes'] === undefined ? {} : check.object(table['globalIndexes'], at(path, 'globalIndexes'));
  if (globals && Object.keys(globals).length > MAX_GLOBAL_INDEXES) {
    check.problem(at(path, 'globalIndexes'), `at most ${MAX_GLOBAL_INDEXES} global indexes per table, got ${Object.keys(globals).length}`);
  }
  for (const [name, value] of Object.entries(globals ?? {})) {
    const indexPath = at(at(path, 'globalIndexes'), name);
    check.string(name, indexPath, INDEX_NAME);
    indexNames.add(name);
    const index = validateIndex(check, value, indexPath, types, 'global');
    if (index?.partitionKey) globalIndexes[name] = { ...index, partitionKey: index.partitionKey };
  }

  const localIndexes: NormalizedTable['localIndexes'] = {};
  const locals = table['localIndexes'] === undefined ? {} : check.object(table['localIndexes'], at(path, 'localIndexes'));
  if (locals && Object.keys(locals).length > MAX_LOCAL_INDEXES) {
    check.problem(at(path, 'localIndexes'), `at most ${MAX_LOCAL_INDEXES} local indexes per table, got ${Object.keys(locals).length}`);
  }
  if (locals && Object.keys(locals).length > 0 && table['sortKey'] === undefined) {
    check.problem(at(path, 'localIndexes'), 'local indexes need a table with a sortKey');
  }
  for (const [name, value] of Object.entries(locals ?? {})) {
    const indexPath = at(at(path, 'localIndexes'), name);
    check.string(name, indexPath, INDEX_NAME);
    if (indexNames.has(name)) check.problem(indexPath, 'an index of this name is already among globalIndexes');
    const index = validateIndex(check, value, indexPath, types, 'local');
    if (!index || !partitionKey) continue;
    const own = index.partitionKey;
    if (own && (own.name !== partitionKey.name || own.type !== partitionKey.type)) {
      check.problem(at(indexPath, 'partitionKey'), `a local index has the table's partition key (${partitionKey.name}: ${partitionKey.type}), got ${own.name}: ${own.type}`);
    }
    localIndexes[name] = { ...index, partitionKey, sortKey: index.sortKey! };
  }

  const stream = validateStream(check, table['stream'], at(path, 'stream'));
  const ttl = table['ttlAttribute'] === undefined ? undefined : check.string(table['ttlAttribute'], at(path, 'ttlAttribute'), ATTRIBUTE_NAME);
  if (!partitionKey || stream === undefined) return undefined;
  const out: NormalizedTable = { partitionKey, ...(sortKey ? { sortKey } : {}), globalIndexes, localIndexes, stream };
  if (ttl !== undefined) out.ttlAttribute = ttl;
  return out;
}

/** An index's keys and projection; a local index's partition key is undefined when not repeated. */
type IndexShape = Omit<NormalizedIndex, 'partitionKey'> & { partitionKey?: KeyAttributeConfig };

function validateIndex(
  check: ConfigChecker,
  raw: unknown,
  path: ConfigPath,
  types: AttributeTypes,
  kind: 'global' | 'local',
): IndexShape | undefined {
  const index = check.object(raw, path, INDEX_FIELDS);
  if (!index) return undefined;
  const required = (field: string) => (kind === 'global' && field === 'partitionKey') || (kind === 'local' && field === 'sortKey');
  const keys: Record<string, KeyAttributeConfig | undefined> = {};
  let valid = true;
  for (const field of ['partitionKey', 'sortKey']) {
    if (index[field] === undefined) {
      if (required(field)) valid = check.present(undefined, at(path, field)) && valid;
      continue;
    }
    keys[field] = keyAttribute(check, index[field], at(path, field), types);
    valid = keys[field] !== undefined && valid;
  }
  const projection = validateProjection(check, index['projection'], at(path, 'projection'));
  if (!valid || !projection) return undefined;
  return {
    ...(keys['partitionKey'] ? { partitionKey: keys['partitionKey'] } : {}),
    ...(keys['sortKey'] ? { sortKey: keys['sortKey'] } : {}),
    projection,
  };
}

function validateProjection(check: ConfigChecker, raw: unknown, path: ConfigPath): NormalizedIndex['projection'] | undefined {
  if (raw === undefined || raw === 'ALL') return { type: 'ALL' };
  if (raw === 'KEYS_ONLY') return { type: 'KEYS_ONLY' };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return check.expected(path, `"ALL", "KEYS_ONLY" or { include: [attribute names] }`, raw);
  }
  const projection = check.object(raw, path, ['include'])!;
  const include = projection['include'];
  const includePath = at(path, 'include');
  if (!Array.isArray(include) || include.length === 0 || include.length > MAX_PROJECTED_ATTRIBUTES) {
    return check.expected(includePath, `a list of 1 to ${MAX_PROJECTED_ATTRIBUTES} attribute names`, include);
  }
  const names = include.map((name, i) => check.string(name, at(includePath, i), ATTRIBUTE_NAME));
  if (names.some((name) => name === undefined)) return undefined;
  return { type: 'INCLUDE', nonKeyAttributes: names as string[] };
}

function validateStream(check: ConfigChecker, raw: unknown, path: ConfigPath): StreamViewType | false | undefined {
  if (raw === undefined || raw === false) return false;
  if (typeof raw === 'string' && (VIEW_TYPES as readonly string[]).includes(raw)) return raw as StreamViewType;
  return check.expected(path, `one of ${VIEW_TYPES.map((t) => JSON.stringify(t)).join(', ')} or false`, raw);
}

function keyAttribute(check: ConfigChecker, raw: unknown, path: ConfigPath, types: AttributeTypes): KeyAttributeConfig | undefined {
  const key = check.object(raw, path, ['name', 'type']);
  if (!key) return undefined;
  const name = check.present(key['name'], at(path, 'name')) ? check.string(key['name'], at(path, 'name'), ATTRIBUTE_NAME) : undefined;
  const type = check.present(key['type'], at(path, 'type')) ? check.oneOf(key['type'], at(path, 'type'), KEY_TYPES) : undefined;
  if (name === undefined || type === undefined) return undefined;
  types.note(name, type, at(path, 'type'));
  return { name, type };
}

/** One attribute has one type across a table's keys and its indexes' keys, as AttributeDefinitions require. */
class AttributeTypes {
  readonly #check: ConfigChecker;
  readonly #types = new Map<string, string>();

  constructor(check: ConfigChecker) {
    this.#check = check;
  }

  note(name: string, type: string, path: ConfigPath): void {
    const known = this.#types.get(name);
    if (known === undefined) this.#types.set(name, type);
    else if (known !== type) this.#check.problem(path, `attribute ${name} is used elsewhere in this table with type ${known}, got ${JSON.stringify(type)}`);
  }
}
