import { useRef } from 'preact/hooks';
import { api } from './api.js';
import { usePolling } from './polling.js';
import { navigate } from './route.js';
import { COLUMNS, buildGraph, formatAge, invocationCounts, mappingHealth } from './graph-model.js';
import { ErrorNote } from './ui.jsx';

const NODE_W = 164;
const NODE_H = 44;
const COL_GAP = 40;
const ROW_GAP = 12;
const HEAD = 28;

/**
 * The overview, and this node's invocation counters from its metrics (for the functions' rates); without
 * them (a scrape failing) the graph is drawn all the same, with no function rates.
 */
const load = () =>
  Promise.all([api.get('/_eddy/overview'), api.text('/_eddy/metrics').then(invocationCounts, () => undefined)]).then(([overview, invocations]) => ({ ...overview, invocations }));

/** The system as a graph, refreshed every two seconds, with what is failing or behind listed under it. */
export function Overview() {
  const { data, error } = usePolling(load, 2000);
  const rates = useRates(data);
  if (!data) return error ? <ErrorNote error={error} /> : <p class="muted">Loading…</p>;
  const graph = buildGraph(data, rates);
  const problems = data.mappings.map((m) => ({ m, health: mappingHealth(m) })).filter(({ health }) => health.failing || health.lagging);
  const items = data.tables.reduce((sum, t) => sum + t.itemCount, 0);
  const messages = data.queues.reduce((sum, q) => sum + q.visible + q.inFlight, 0);
  return (
    <div class="overview">
      {error && <ErrorNote error={error} stale />}
      <div class="stats">
        <Stat label="Tables" value={data.tables.length} detail={`${items.toLocaleString()} items`} />
        <Stat label="Streams" value={data.tables.filter((t) => t.stream).length} />
        <Stat label="Mappings & pipes" value={data.mappings.length} detail={problems.length ? `${problems.length} need attention` : 'all healthy'} bad={problems.length > 0} />
        <Stat label="Functions" value={data.functions.length} />
        <Stat label="Queues" value={data.queues.length} detail={`${messages.toLocaleString()} messages`} />
        <Stat label="Rules" value={data.rules.length} detail={`${data.buses.length} buses`} />
      </div>
      <section class="panel">
        <Graph graph={graph} />
      </section>
      {problems.length > 0 && (
        <section class="panel">
          <h2>Needs attention</h2>
          <table class="grid">
            <thead>
              <tr><th>Mapping</th><th>Function / target</th><th>Source</th><th>Lag</th><th>Attempts</th><th>Last error</th></tr>
            </thead>
            <tbody>
              {problems.map(({ m, health }) => (
                <tr key={m.uuid} class="bad-row">
                  <td class="mono nowrap" title={m.uuid}>{m.target !== undefined ? m.uuid : `${m.uuid.slice(0, 8)}…`}</td>
                  <td>{m.target ?? m.functionName}</td>
                  <td class="mono small">{m.sourceArn.split(':').slice(5).join(':')}</td>
                  <td class="nowrap">{formatAge(health.lagMs)}</td>
                  <td>{Math.max(0, ...m.shards.map((s) => s.attempts), m.queue?.attempts ?? 0)}</td>
                  <td class="error-text">{health.error ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </div>
  );
}

function Stat({ label, value, detail, bad }) {
  return (
    <div class={bad ? 'stat bad' : 'stat'}>
      <span class="stat-label">{label}</span>
      <span class="stat-value">{value}</span>
      {detail && <span class="stat-detail">{detail}</span>}
    </div>
  );
}

function Graph({ graph }) {
  const used = [...new Set(graph.nodes.map((n) => n.column))].sort((a, b) => a - b);
  if (used.length === 0) return <p class="muted empty">Nothing deployed yet: create a table, a queue or a function, or start Eddy with a config.</p>;
  const place = new Map();
  let height = 0;
  const rowOf = new Map();
  used.forEach((column, x) => {
    // Each column ordered by where what feeds it sits (the mean row of its sources), so edges cross less;
    // nodes fed by nothing keep their order, after the others.
    const fedBy = (n) => graph.edges.filter((e) => e.to === n.id && rowOf.has(e.from)).map((e) => rowOf.get(e.from));
    const rank = (n) => {
      const rows = fedBy(n);
      return rows.length ? rows.reduce((a, b) => a + b, 0) / rows.length : Infinity;
    };
    graph.nodes
      .filter((n) => n.column === column)
      .map((n, i) => ({ n, i, r: rank(n) }))
      .sort((a, b) => a.r - b.r || a.i - b.i)
      .forEach(({ n }, y) => {
        rowOf.set(n.id, y);
        place.set(n.id, { x: x * (NODE_W + COL_GAP), y: HEAD + y * (NODE_H + ROW_GAP) });
        height = Math.max(height, HEAD + (y + 1) * (NODE_H + ROW_GAP));
      });
  });
  const width = used.length * (NODE_W + COL_GAP) - COL_GAP;
  return (
    <div class="graph-scroll">
      <svg class="graph" viewBox={`-2 0 ${width + 4} ${height}`} style={{ width: '100%', maxWidth: `${width + 4}px` }} role="img" aria-label="Resources and how events flow between them">
        {used.map((column, x) => (
          <text class="col-head" x={x * (NODE_W + COL_GAP)} y={14}>{COLUMNS[column].toUpperCase()}</text>
        ))}
        {graph.edges.map((e) => {
          const a = place.get(e.from);
          const b = place.get(e.to);
          const forward = b.x > a.x;
          const x1 = forward ? a.x + NODE_W : a.x;
          const x2 = forward ? b.x : b.x + NODE_W;
          const y1 = a.y + NODE_H / 2;
          const y2 = b.y + NODE_H / 2;
          const bend = forward ? Math.max(24, (x2 - x1) / 2) : -60;
          return <path key={`${e.from}>${e.to}`} class={e.problem ? 'edge problem' : forward ? 'edge' : 'edge back'} d={`M${x1},${y1} C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2},${y2}`} />;
        })}
        {graph.nodes.map((n) => {
          const p = place.get(n.id);
          const cls = ['node', n.kind, n.problem && 'problem', n.disabled && 'disabled', n.href && 'link'].filter(Boolean).join(' ');
          return (
            <g key={n.id} class={cls} transform={`translate(${p.x},${p.y})`} data-node={n.id} onClick={n.href ? () => navigate(...n.href) : undefined}>
              <title>{`${n.label}\n${n.sub}`}</title>
              <rect width={NODE_W} height={NODE_H} rx="6" />
              <rect class="kind-bar" width="4" height={NODE_H} rx="2" />
              <text class="node-label" x="12" y="18">{clip(n.label, 22)}</text>
              <text class="node-sub" x="12" y="34">{clip(n.sub, 28)}</text>
            </g>
          );
        })}
      </svg>
    </div>
  );
}

function clip(text, max) {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * Rates between the last two answers, by graph node id: events a rule matched per second, and a table's
 * net change in items per second — counters read from storage, so every node's — and a function's
 * invocations per second, from this node's counters (Eddy's other nodes run invocations too).
 */
function useRates(data) {
  const last = useRef(undefined);
  const rates = useRef(new Map());
  if (data && data !== last.current?.data) {
    const previous = last.current;
    const now = Date.parse(data.at);
    if (previous && now > previous.at) {
      const seconds = (now - previous.at) / 1000;
      const next = new Map();
      for (const r of data.rules) {
        const before = previous.data.rules.find((p) => p.bus === r.bus && p.name === r.name);
        if (before) next.set(`rule:${r.bus}/${r.name}`, (r.counts.matched - before.counts.matched) / seconds);
      }
      for (const t of data.tables) {
        const before = previous.data.tables.find((p) => p.name === t.name);
        if (before) next.set(`table:${t.name}`, (t.itemCount - before.itemCount) / seconds);
      }
      for (const [name, count] of data.invocations ?? []) {
        const before = previous.data.invocations?.get(name);
        // A counter lower than before: the node restarted in between, so no rate this time.
        if (before !== undefined && count >= before) next.set(`function:${name}`, (count - before) / seconds);
      }
      rates.current = next;
    }
    last.current = { data, at: now };
  }
  return rates.current;
}
