import type { ApplyReport } from './apply-report.js';
import { eventLabel, type ConfigChanges } from './config-changes.js';
import { ruleLabel } from './config-rules.js';
import { scheduleLabel } from '../scheduler/schedule-definition.js';

/**
 * The one line `eddy dev` prints after applying an edited config:
 * `config: +table Orders, ~function indexUsers (timeout 3 → 10), -function report, queue old-jobs kept (remove it with aws sqs delete-queue)`.
 * Tables, queues, buses, archives and rules come from what applying them did (created, updated with their
 * changes: `+rule app/customerCounts`, `~rule app/customerCounts (pattern changed)`); the rest from the
 * comparison of the two configs (`-rule app/old`, `-schedule nightly`, `-pipe changes`: deleted). Tables, queues, buses, archives and connections dropped
 * from the config are kept, with their data.
 */
/** The summary of a reload that changed nothing. */
export const NO_CHANGES = 'config: no changes';

export function changeSummary(changes: ConfigChanges, report: ApplyReport): string {
  const detail = (list: string[]) => (list.length > 0 ? ` (${list.join(', ')})` : '');
  const broken = new Set(report.broken.map((fn) => fn.name));
  const fn = (name: string, changed: string[] = []) => `${name}${detail([...changed, ...(broken.has(name) ? ['cannot be built'] : [])])}`;
  const parts = [
    ...report.created.map((r) => `+${r.kind} ${r.name}`),
    ...report.updated.map((r) => `~${r.kind} ${r.name}${detail(r.changes)}`),
    ...changes.functions.added.map((name) => `+function ${fn(name)}`),
    ...changes.functions.changed.map(({ item, changes }) => `~function ${fn(item, changes)}`),
    ...changes.functions.removed.map((name) => `-function ${name}`),
    ...changes.events.added.map((ref) => `+${eventLabel(ref)}`),
    ...changes.events.changed.map(({ item, changes }) => `~${eventLabel(item)}${detail(changes)}`),
    ...changes.events.removed.map((ref) => `-${eventLabel(ref)}`),
    ...changes.routes.added.map((route) => `+route ${route.routeKey} → ${route.function}`),
    ...changes.routes.changed.map(({ item, changes }) => `~route ${item.routeKey}${detail(changes)}`),
    ...changes.routes.removed.map((route) => `-route ${route.routeKey}`),
    ...(changes.corsChanged ? ['~http.cors'] : []),
    ...changes.rulesRemoved.map((rule) => `-rule ${ruleLabel(rule.bus, rule.name)}`),
    ...changes.schedulesRemoved.map((s) => `-schedule ${scheduleLabel(s.group, s.name)}`),
    ...changes.pipesRemoved.map((name) => `-pipe ${name}`),
    ...changes.topicsRemoved.topics.map((name) => `-topic ${name}`),
    ...changes.topicsRemoved.subscriptions.map((s) => `-subscription ${s.topic} → ${s.kind} ${s.target}`),
    ...changes.tablesKept.map((name) => `table ${name} kept (remove it with aws dynamodb delete-table)`),
    ...changes.queuesKept.map((name) => `queue ${name} kept (remove it with aws sqs delete-queue)`),
    ...changes.busesKept.map((name) => `bus ${name} kept (remove it with aws events delete-event-bus)`),
    ...changes.archivesKept.map((name) => `archive ${name} kept (remove it with aws events delete-archive)`),
    ...changes.connectionsKept.map((name) => `connection ${name} kept (remove it with aws events delete-connection)`),
  ];
  return parts.length === 0 ? NO_CHANGES : `config: ${parts.join(', ')}`;
}
