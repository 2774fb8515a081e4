import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from './api.js';
import { usePolling } from './polling.js';
import { Badge, ErrorNote } from './ui.jsx';

const KEPT = 500;
const OUTCOME_TONES = { delivered: 'green', retry: 'amber', deferred: 'amber', 'dead-lettered': 'red', dropped: 'red' };

/** Rules with their targets' delivery counts, and the bus's events as they come (the feed `eddy events tail` reads). */
export function Bus() {
  const { data: rules, error } = usePolling(() => api.get('/_eddy/bus/rules').then((answer) => answer.rules), 3000);
  return (
    <div>
      <ErrorNote error={error} stale={rules !== undefined} />
      <section class="panel flush">
        <h2>Rules</h2>
        <table class="grid" data-list="rules">
          <thead><tr><th>Bus</th><th>Rule</th><th>Pattern / schedule</th><th>Targets</th><th class="num">Matched</th><th class="num">Delivered</th><th class="num">Retrying</th><th class="num">Failed</th><th class="num">Dead-lettered</th></tr></thead>
          <tbody>
            {(rules ?? []).map((r) => (
              <tr key={`${r.bus}/${r.name}`} class={r.counts.failed + r.counts.retrying > 0 ? 'bad-row' : ''}>
                <td>{r.bus}</td>
                <td><span class="strong">{r.name}</span> {r.state !== 'ENABLED' && <Badge>{r.state}</Badge>}</td>
                <td class="mono small pattern" title={r.eventPattern ?? r.scheduleExpression}>{r.scheduleExpression ?? r.eventPattern}</td>
                <td>{r.targets.map((t) => <Badge key={t.id} tone={t.removed ? 'plain' : 'blue'} title={t.arn}>{t.arn ? t.arn.split(/[:/]/).pop() : t.id}</Badge>)}</td>
                <td class="num">{r.counts.matched}</td>
                <td class="num">{r.counts.delivered}</td>
                <td class="num">{r.counts.retrying}</td>
                <td class="num">{r.counts.failed}</td>
                <td class="num">{r.counts.deadLettered}</td>
              </tr>
            ))}
            {rules && rules.length === 0 && <tr><td colSpan={9} class="muted empty">No rules.</td></tr>}
          </tbody>
        </table>
      </section>
      <Events />
    </div>
  );
}

/** Events accepted by this node, newest first, each with the rules it matched and its deliveries' outcomes. */
function Events() {
  const [events, setEvents] = useState([]);
  const [live, setLive] = useState(false);
  const byId = useRef(new Map());
  useEffect(() => {
    const source = new EventSource('/_eddy/bus/events/tail');
    source.addEventListener('ready', () => setLive(true));
    source.addEventListener('event', (e) => {
      const event = { ...JSON.parse(e.data), deliveries: [] };
      byId.current.set(event.id, event);
      setEvents((old) => {
        const next = [event, ...old];
        for (const dropped of next.splice(KEPT)) byId.current.delete(dropped.id);
        return next;
      });
    });
    source.addEventListener('delivery', (e) => {
      const delivery = JSON.parse(e.data);
      const event = byId.current.get(delivery.eventId);
      if (!event) return;
      event.deliveries = [...event.deliveries.filter((d) => !(d.rule === delivery.rule && d.targetId === delivery.targetId)), delivery];
      setEvents((old) => [...old]);
    });
    source.onerror = () => setLive(source.readyState === EventSource.OPEN);
    return () => source.close();
  }, []);
  return (
    <section class="panel flush">
      <h2>
        Events <span class={live ? 'live live' : 'live'}><i />{live ? 'live' : 'connecting'}</span>
      </h2>
      <table class="grid" data-list="events">
        <thead><tr><th>Accepted</th><th>Bus</th><th>Source</th><th>Detail type</th><th>Matched rules</th><th>Deliveries</th></tr></thead>
        <tbody>
          {events.slice(0, 200).map((e) => (
            <tr key={e.id}>
              <td class="mono small nowrap">{e.acceptedAt.slice(11, 23)}</td>
              <td>{e.bus}</td>
              <td class="mono small">{e.source}</td>
              <td>{e.detailType}</td>
              <td>{e.matched.length ? e.matched.map((r) => <Badge key={r} tone="blue">{r}</Badge>) : <span class="muted">none</span>}</td>
              <td>
                {e.deliveries.map((d) => (
                  <Badge key={`${d.rule}/${d.targetId}`} tone={OUTCOME_TONES[d.outcome] ?? 'plain'} title={d.error ?? d.targetArn}>
                    {d.targetArn.split(/[:/]/).pop()} {d.outcome}{d.attempt > 1 ? ` #${d.attempt}` : ''}
                  </Badge>
                ))}
              </td>
            </tr>
          ))}
          {events.length === 0 && <tr><td colSpan={6} class="muted empty">Waiting for events (PutEvents, a rule's schedule, a pipe or a stream forwarding to a bus)…</td></tr>}
        </tbody>
      </table>
    </section>
  );
}
