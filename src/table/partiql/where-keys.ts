import type { KeyConditionTerm } from '../expressions/index.js';
import type { KeyAttribute, KeyShape } from '../table-definition.js';
import type { AttributeMap, AttributeValue } from '../values/attribute-value.js';
import { typeOf } from '../values/attribute-value.js';
import { valuesEqual } from '../values/compare.js';
import { setOwn } from '../values/normalize-value.js';
import { pathsIn } from './expr-paths.js';
import { partiqlErrors } from './partiql-errors.js';
import type { Expr } from './statement.js';

/**
 * The keys a WHERE clause pins: the full primary key UPDATE, DELETE, EXISTS and the SELECTs of
 * batches and transactions need, and the partitions (with a sort-key range) a SELECT reads by Query.
 */

/** IN's bound on a partition key ("PartiQL … operators for DynamoDB": at most 50 values). */
export const MAX_IN_KEY_VALUES = 50;

/** The conjuncts of a WHERE clause: its top-level AND operands, in order. */
export function conjunctsOf(expr: Expr | undefined): Expr[] {
  if (expr === undefined) return [];
  if (expr.kind === 'and') return [...conjunctsOf(expr.left), ...conjunctsOf(expr.right)];
  return [expr];
}

/** The conjuncts joined by AND again (undefined for none). */
export function joinConjuncts(conjuncts: readonly Expr[]): Expr | undefined {
  return conjuncts.reduce<Expr | undefined>((left, right) => (left === undefined ? right : { kind: 'and', left, right }), undefined);
}

/** `name = value` or `value = name` on a top-level attribute: the attribute and the value. */
function equalityOf(expr: Expr): { name: string; value: AttributeValue } | undefined {
  if (expr.kind !== 'compare' || expr.op !== '=') return undefined;
  const [path, value] = expr.left.kind === 'path' ? [expr.left, expr.right] : [expr.right, expr.left];
  if (path.kind !== 'path' || path.path.length !== 1 || value.kind !== 'value') return undefined;
  return { name: path.path[0] as string, value: value.value };
}

/**
 * What UPDATE, DELETE, EXISTS and the SELECTs of batches and transactions need: an equality on
 * every key attribute among the WHERE clause's conjuncts. Returns the key and the rest of the
 * clause, which becomes the write's condition.
 */
export function fullKeyOf(key: KeyShape, where: Expr | undefined, missing = partiqlErrors.keyEqualityMissing): { key: AttributeMap; rest: Expr | undefined } {
  const conjuncts = conjunctsOf(where);
  const found: AttributeMap = {};
  const used = new Set<Expr>();
  for (const attribute of [key.partition, key.sort]) {
    if (attribute === undefined) continue;
    const conjunct = conjuncts.find((c) => !used.has(c) && equalityOf(c)?.name === attribute.name);
    if (conjunct === undefined) throw missing();
    used.add(conjunct);
    setOwn(found, attribute.name, equalityOf(conjunct)!.value);
  }
  return { key: found, rest: joinConjuncts(conjuncts.filter((c) => !used.has(c))) };
}

/**
 * The key-condition terms a SELECT can be read by, one set per partition read: the partition key's
 * values from an equality, an IN list or ORed equalities (each of the key's type), each with the
 * sort key's comparison, BETWEEN or begins_with when there is one. Undefined when the WHERE clause
 * pins no partition: the SELECT is then a Scan. Either way the whole clause is also the filter, so
 * terms taken here only narrow the read.
 */
export function keyReadsOf(key: KeyShape, where: Expr | undefined): KeyConditionTerm[][] | undefined {
  // DynamoDB's PartiQL reads no index with a multi-attribute key (target-index.ts refuses them); were
  // one to reach here it would be read by a Scan and the filter.
  if (key.partitionAttributes !== undefined || key.sortAttributes !== undefined) return undefined;
  const conjuncts = conjunctsOf(where);
  const pinning = conjuncts.find((c) => partitionValuesOf(c, key.partition) !== undefined);
  if (pinning === undefined) return undefined;
  checkOverlap(pinning, key);
  const values = partitionValuesOf(pinning, key.partition)!;
  const sort = key.sort && conjuncts.map((c) => sortTermOf(c, key.sort!)).find((t) => t !== undefined);
  return values.map((value) => [{ name: key.partition.name, op: 'EQ', values: [value] }, ...(sort ? [sort] : [])]);
}

/** The partition values a condition pins: `pk = v`, `pk IN [v, …]`, `… AND pk = v`, ORed branches that each pin some. */
function partitionValuesOf(expr: Expr, partition: KeyAttribute): AttributeValue[] | undefined {
  const equality = equalityOf(expr);
  if (equality !== undefined) return equality.name === partition.name && ofType(equality.value, partition) ? [equality.value] : undefined;
  if (expr.kind === 'in') {
    const isKey = expr.operand.kind === 'path' && expr.operand.path.length === 1 && expr.operand.path[0] === partition.name;
    if (isKey && expr.candidates.length > MAX_IN_KEY_VALUES) throw partiqlErrors.tooManyInValues(MAX_IN_KEY_VALUES, true);
    const values = expr.candidates.map((c) => (c.kind === 'value' && ofType(c.value, partition) ? c.value : undefined));
    return isKey && values.every((v) => v !== undefined) ? (values as AttributeValue[]) : undefined;
  }
  if (expr.kind === 'and') {
    return partitionValuesOf(expr.left, partition) ?? partitionValuesOf(expr.right, partition);
  }
  if (expr.kind === 'or') {
    const left = partitionValuesOf(expr.left, partition);
    const right = left && partitionValuesOf(expr.right, partition);
    return right && [...left!, ...right];
  }
  return undefined;
}

const SORT_OPERATORS = { '=': 'EQ', '<': 'LT', '<=': 'LE', '>': 'GT', '>=': 'GE' } as const;
const MIRRORED = { '=': 'EQ', '<': 'GT', '<=': 'GE', '>': 'LT', '>=': 'LE' } as const;

function sortTermOf(expr: Expr, sort: KeyAttribute): KeyConditionTerm | undefined {
  const isKey = (e: Expr) => e.kind === 'path' && e.path.length === 1 && e.path[0] === sort.name;
  const valueOf = (e: Expr) => (e.kind === 'value' && ofType(e.value, sort) ? e.value : undefined);
  if (expr.kind === 'compare' && expr.op !== '<>') {
    const right = valueOf(expr.right);
    if (isKey(expr.left) && right) return { name: sort.name, op: SORT_OPERATORS[expr.op], values: [right] };
    const left = valueOf(expr.left);
    if (isKey(expr.right) && left) return { name: sort.name, op: MIRRORED[expr.op], values: [left] };
    return undefined;
  }
  if (expr.kind === 'between' && isKey(expr.operand)) {
    const lower = valueOf(expr.lower);
    const upper = valueOf(expr.upper);
    if (lower && upper) return { name: sort.name, op: 'BETWEEN', values: [lower, upper] };
  }
  if (expr.kind === 'call' && expr.name === 'begins_with' && expr.args.length === 2 && isKey(expr.args[0]!) && sort.type !== 'N') {
    const prefix = valueOf(expr.args[1]!);
    if (prefix) return { name: sort.name, op: 'BEGINS_WITH', values: [prefix] };
  }
  return undefined;
}

const ofType = (value: AttributeValue, attribute: KeyAttribute): boolean => typeOf(value) === attribute.type;

/**
 * OR branches that read the same partition, one narrowed by a sort-key condition and one not, overlap,
 * and DynamoDB refuses them (recorded: `pk = 'a' AND x = '1' OR pk = 'a' AND sk = '2'`, also with
 * `x <> '1'`). A branch that negates a sort-key condition (NOT …, `sk <> …`) is not read by key, and
 * DynamoDB runs such statements (recorded), so they are not refused. Other overlaps (two ranges that
 * meet) are not checked: unconfirmed.
 */
function checkOverlap(expr: Expr, key: KeyShape): void {
  const sort = key.sort;
  if (sort === undefined || expr.kind !== 'or') return;
  const branches = orBranches(expr);
  if (branches.some((branch) => negatesSort(branch, sort.name))) return;
  const reads = branches.map((branch) => {
    const conjuncts = conjunctsOf(branch);
    return {
      partitions: conjuncts.map((c) => partitionValuesOf(c, key.partition)).find((v) => v !== undefined) ?? [],
      ranged: conjuncts.some((c) => sortTermOf(c, sort) !== undefined),
    };
  });
  for (const [i, a] of reads.entries()) {
    for (const b of reads.slice(i + 1)) {
      if (a.ranged !== b.ranged && a.partitions.some((v) => b.partitions.some((w) => valuesEqual(v, w)))) throw partiqlErrors.overlappingRangeKeys();
    }
  }
}

const orBranches = (expr: Expr): Expr[] => (expr.kind === 'or' ? [...orBranches(expr.left), ...orBranches(expr.right)] : [expr]);

/** Whether `expr` negates a condition on the top-level attribute `name`: NOT over it, or `name <> …`. */
function negatesSort(expr: Expr, name: string): boolean {
  const isName = (e: Expr) => e.kind === 'path' && e.path.length === 1 && e.path[0] === name;
  if (expr.kind === 'not') return pathsIn(expr.operand).some((path) => path.length === 1 && path[0] === name) || negatesSort(expr.operand, name);
  if (expr.kind === 'compare' && expr.op === '<>' && (isName(expr.left) || isName(expr.right))) return true;
  return expr.kind === 'and' || expr.kind === 'or' ? negatesSort(expr.left, name) || negatesSort(expr.right, name) : false;
}
