// The overview's graph: resources as nodes in columns (tables → streams → mappings and pipes → functions →
// queues and buses → rules → targets) and the edges between them, from one GET /_eddy/overview answer.

export const COLUMNS = ['Tables', 'Streams', 'Mappings & pipes', 'Functions', 'Queues & buses', 'Rules', 'Targets'];

/** A lag past this is drawn as a problem: records wait that long before their function sees them. */
export const LAG_PROBLEM_MS = 10_000;

const nameOfArn = (arn) => arn.slice(Math.max(arn.lastIndexOf(':'), arn.lastIndexOf('/')) + 1);

export function formatAge(ms) {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}

/** How a mapping or pipe is doing: `failing` (a batch retrying or a recorded error), `lagging`, or fine. */
export function mappingHealth(m) {
  const lagMs = Math.max(0, ...m.shards.map((s) => s.iteratorAgeMs ?? 0));
  const errors = [...m.shards.map((s) => s.lastError ?? (s.state === 'RETRYING' ? s.lastFailure?.errorMessage ?? 'retrying' : undefined)), m.queue?.state === 'RETRYING' ? m.queue.lastFailure?.errorMessage ?? 'retrying' : undefined].filter(Boolean);
  const retrying = m.shards.some((s) => s.state === 'RETRYING') || m.queue?.state === 'RETRYING';
  return { lagMs, error: errors[0], failing: retrying || errors.length > 0 || m.lastProcessingResult === 'PROBLEM', lagging: lagMs > LAG_PROBLEM_MS };
}

/** A rate for a node's line: `12/s`, `0.4/s`, signed when it is a net change. */
function rateText(rate, signed) {
  if (!rate) return '';
  const text = Math.abs(rate) >= 10 ? Math.round(Math.abs(rate)).toString() : Math.abs(rate).toFixed(1);
  return ` · ${signed ? (rate > 0 ? '+' : '−') : ''}${text}/s`;
}

/**
 * Invocations by function name, from the Prometheus text of `GET /_eddy/metrics`: `eddy_function_invocations_total`
 * counts what this node ran since it started (not the other nodes sharing its storage).
 */
export function invocationCounts(metricsText) {
  const counts = new Map();
  for (const [, name, value] of metricsText.matchAll(/^eddy_function_invocations_total\{function="((?:[^"\\]|\\.)*)"\} (\S+)$/gm)) {
    counts.set(name.replace(/\\(.)/g, (_, c) => (c === 'n' ? '\n' : c)), Number(value));
  }
  return counts;
}

/** A function's line: its runtime and environments, or, while it is invoked, its rate in the runtime's place. */
const functionLine = (f, rate) => `${rate ? '' : `${f.runtime} · `}${f.environments.busy} busy / ${f.environments.idle} warm${rateText(rate)}`;

export function buildGraph(o, rates = new Map()) {
  const nodes = new Map();
  const edges = [];
  const add = (id, column, label, sub, extra = {}) => {
    if (!nodes.has(id)) nodes.set(id, { id, column, label, sub, ...extra });
    return id;
  };
  const link = (from, to, problem = false) => from && to && nodes.has(from) && nodes.has(to) && edges.push({ from, to, problem });
  const deadLetterArns = new Set(o.queues.map((q) => q.deadLetterTargetArn).filter(Boolean));

  for (const t of o.tables) {
    add(`table:${t.name}`, 0, t.name, `${t.itemCount.toLocaleString()} items${rateText(rates.get(`table:${t.name}`), true)}${t.globalIndexes.length ? ` · ${t.globalIndexes.length} GSI` : ''}${t.ttl ? ' · TTL' : ''}`, { kind: 'table', href: ['tables', t.name] });
    if (t.stream) {
      add(`stream:${t.name}`, 1, `${t.name}`, t.stream.viewType.toLowerCase().replace(/_/g, ' '), { kind: 'stream', href: ['streams', t.name], streamArn: t.stream.arn });
      link(`table:${t.name}`, `stream:${t.name}`);
    }
  }
  for (const f of o.functions) add(`function:${f.name}`, 3, f.name, f.broken ? 'build failed' : functionLine(f, rates.get(`function:${f.name}`)), { kind: 'function', problem: Boolean(f.broken), href: ['functions', f.name] });
  for (const q of o.queues) {
    const problem = deadLetterArns.has(q.arn) && q.visible > 0;
    add(`queue:${q.arn}`, 4, q.name, `${q.visible} visible · ${q.inFlight} in flight${deadLetterArns.has(q.arn) ? ' · DLQ' : ''}`, { kind: 'queue', problem, href: ['queues'] });
  }
  for (const b of o.buses) add(`bus:${b.arn}`, 4, b.name, 'event bus', { kind: 'bus', href: ['bus'] });

  const byArn = (arn) => {
    if (arn === undefined) return undefined;
    for (const prefix of ['queue:', 'bus:']) if (nodes.has(prefix + arn)) return prefix + arn;
    const fn = arn.match(/:function:([^:]+)/);
    if (fn && nodes.has(`function:${fn[1]}`)) return `function:${fn[1]}`;
    return undefined;
  };
  const tableOfStream = (arn) => arn.match(/:table\/([^/]+)\/stream\//)?.[1];

  for (const m of o.mappings) {
    const health = mappingHealth(m);
    const pipe = m.target !== undefined;
    const sub = health.failing ? (health.error ?? 'failing') : `${m.state.toLowerCase()}${health.lagMs ? ` · lag ${formatAge(health.lagMs)}` : ''}`;
    const id = add(`mapping:${m.uuid}`, 2, pipe ? m.uuid : `→ ${m.functionName}`, sub, { kind: pipe ? 'pipe' : 'mapping', problem: health.failing || health.lagging, disabled: m.state !== 'Enabled', href: ['mappings'] });
    const table = tableOfStream(m.sourceArn);
    link(table ? `stream:${table}` : byArn(m.sourceArn), id, health.failing || health.lagging);
    if (pipe) {
      const [kind, ...rest] = m.target.split(' ');
      const name = rest.join(' ');
      const target = kind === 'function' ? `function:${name}` : [...nodes.values()].find((n) => n.kind === kind && n.label === name)?.id;
      link(id, target);
    } else {
      link(id, `function:${m.functionName.split(':')[0]}`, health.failing);
    }
  }
  for (const r of o.rules) {
    const failed = (r.counts?.failed ?? 0) + (r.counts?.retrying ?? 0);
    const id = add(`rule:${r.bus}/${r.name}`, 5, r.name, `${r.bus} · ${r.state === 'ENABLED' ? `${r.counts?.delivered ?? 0} delivered` : r.state.toLowerCase()}${rateText(rates.get(`rule:${r.bus}/${r.name}`))}${failed ? ` · ${failed} failing` : ''}`, { kind: 'rule', problem: failed > 0, href: ['bus'] });
    link(`bus:${o.buses.find((b) => b.name === r.bus)?.arn}`, id);
    for (const t of r.targets) {
      if (t.removed) continue;
      const service = t.arn.split(':')[2] ?? 'target';
      const target = add(`target:${t.arn}`, 6, nameOfArn(t.arn), service, { kind: 'target' });
      link(id, target, (t.counts?.failed ?? 0) + (t.counts?.retrying ?? 0) > 0);
    }
  }
  return { nodes: [...nodes.values()], edges };
}
