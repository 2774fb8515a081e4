/**
 * DynamoDB expressions that parse but ask for something an item cannot take (a key changed, an index
 * key of the wrong type, a path through a missing map, arithmetic on a string, `__proto__` as an
 * attribute name), or that do not parse at all. Each comes with the names and values it uses, so it
 * gets past the "unused / undefined value" checks and reaches the code that applies it.
 */
export const EXPRESSIONS = [
  'SET pk = :v', 'SET sk = :v', 'SET #o = :one', 'SET rank = :v', 'SET #d = :v REMOVE #d', 'SET #n.#l[99999999999] = :v', 'SET #n.#l[-1] = :v',
  'SET a.b.c = :v', 'ADD tags :one', 'DELETE nums :v', 'SET #d = #d + :one', 'SET counter = counter - :one', 'REMOVE #n.#l[0], #n.#l[1]',
  'SET #d = list_append(:v, :v)', 'SET #d = size(#d)', 'SET #d = :v, #d = :one', 'SET #p = :v', 'SET #n.#p = :m', 'REMOVE #p', 'SET #c = :m',
  'SET #d = if_not_exists(#p, :v)', 'ADD #n.#l :set', 'DELETE tags :nums', 'SET #n.#l[0].deep.deeper = :v', 'SET #o = :null', 'SET #o = :b',
  'SET expires = :big', 'SET #d = :v SET #d = :v', 'SET #d = :v,', 'ADD counter :one, counter :one', 'SET #k = :v', 'SET #n = :l',
  'attribute_exists(#d) AND :v', 'size(:v) > :one', 'contains(#d, :v, :v)', 'begins_with(#d)', 'attribute_type(#d, :one)', '#d IN ()',
  '#d BETWEEN :one AND :v', 'pk = :v AND pk = :v', 'pk = :v OR sk = :s', 'sk > :s', 'pk < :v', 'pk = :v AND size(sk) > :one',
  'attribute_exists(#p)', '#p = :v', '#c.#p <> :null', 'size(#n.#l[0]) = :one', '#d IN (:v, :v, :v)', 'NOT NOT NOT attribute_exists(#d)',
  '', ' ', '#d, #d', '#n.#l[0].deep', '#n.#l[00000000001]', 'a[4294967296]', ':v', '#p, #c, #p.#c', '#n.#l[0], #n.#l', 'pk, pk',
];

const NAMES: Record<string, string> = { '#d': 'data', '#l': 'list', '#n': 'nested', '#o': 'owner', '#p': '__proto__', '#c': 'constructor', '#k': 'pk' };
const VALUES: Record<string, unknown> = {
  ':v': { S: 'v' },
  ':one': { N: '1' },
  ':s': { S: 'a' },
  ':set': { SS: ['x'] },
  ':nums': { NS: ['1'] },
  ':l': { L: [{ S: 'x' }] },
  ':m': { M: { a: { S: 'x' } } },
  ':big': { N: '9.9999999999999999999999999999999999999E+125' },
  ':b': { B: 'AAEC' },
  ':null': { NULL: true },
};

/** Names and values as the parent's expressions now use them: those it had, then the pool's; unused ones dropped. */
export function fitNamesAndValues(parent: Record<string, unknown>): void {
  const texts = Object.entries(parent)
    .filter(([key, value]) => /Expression$/.test(key) && typeof value === 'string')
    .map(([, value]) => value as string)
    .join(' ');
  const refit = (member: string, pattern: RegExp, pool: Record<string, unknown>) => {
    const had = (parent[member] ?? {}) as Record<string, unknown>;
    if (typeof had !== 'object' || had === null || Array.isArray(had)) return;
    const used = new Set(texts.match(pattern) ?? []);
    const next: Record<string, unknown> = {};
    for (const name of used) {
      const value = Object.hasOwn(had, name) ? had[name] : pool[name];
      if (value !== undefined) next[name] = value;
    }
    if (Object.keys(next).length === 0) delete parent[member];
    else parent[member] = next;
  };
  refit('ExpressionAttributeNames', /#\w+/g, NAMES);
  refit('ExpressionAttributeValues', /:\w+/g, VALUES);
}
