import type { DeliveryCounts, RuleStatus } from '../bus/rule-status.js';

/** A pattern longer than this is cut in the table (`--json` has it whole). */
const MAX_MATCHES = 60;

const COUNT_COLUMNS: readonly [string, keyof DeliveryCounts][] = [
  ['MATCHED', 'matched'],
  ['DELIVERED', 'delivered'],
  ['PENDING', 'pending'],
  ['RETRYING', 'retrying'],
  ['FAILED', 'failed'],
  ['DEAD-LETTERED', 'deadLettered'],
];

/**
 * Rules as a table, one row per target with its counters (counters are kept per target; a rule with two
 * targets delivers each event it matches twice). The bus, rule, state and what the rule matches (its
 * pattern, cut, or its schedule) show on a rule's first row only. A rule with no target has one row of
 * dashes; a target removed from its rule, whose counters remain, is marked so.
 *
 * ```
 * BUS  RULE            STATE    TARGET        MATCHED  DELIVERED  PENDING  RETRYING  FAILED  DEAD-LETTERED  MATCHES
 * app  customerCounts  ENABLED  counts-queue       12         12        0         0       0              0  {"source":["my-service.database"]}
 *                               audit              12          9        2         1       0              1
 * ```
 */
export function ruleTable(rules: readonly RuleStatus[]): string {
  const rows: string[][] = [['BUS', 'RULE', 'STATE', 'TARGET', ...COUNT_COLUMNS.map(([title]) => title), 'MATCHES']];
  for (const rule of rules) {
    const heading = [rule.bus, rule.name, rule.state];
    const matches = cut(rule.scheduleExpression ?? rule.eventPattern ?? '');
    if (rule.targets.length === 0) rows.push([...heading, '-', ...COUNT_COLUMNS.map(() => '-'), matches]);
    rule.targets.forEach((target, i) => {
      const first = i === 0;
      rows.push([
        ...(first ? heading : heading.map(() => '')),
        target.removed ? `${target.id} (removed)` : target.id,
        ...COUNT_COLUMNS.map(([, key]) => String(target.counts[key])),
        first ? matches : '',
      ]);
    });
  }
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const numeric = (column: number) => column >= 4 && column < 4 + COUNT_COLUMNS.length;
  return rows
    .map((row) =>
      row
        .map((cell, column) => (column === row.length - 1 ? cell : numeric(column) ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!)))
        .join('  ')
        .trimEnd(),
    )
    .map((line) => `${line}\n`)
    .join('');
}

function cut(text: string): string {
  return text.length > MAX_MATCHES ? `${text.slice(0, MAX_MATCHES - 1)}…` : text;
}
