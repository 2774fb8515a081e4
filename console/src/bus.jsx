import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from './api.js';
import { usePolling } from './polling.js';
import { Badge, ErrorNote } from './ui.jsx';
import { Archives } from './bus-archives.jsx';

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
      <Try />
      <Archives />
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
      <div class="events-scroll">
      <table class="grid" data-list="events">
        <thead><tr><th>Accepted</th><th>Bus</th><th>Source</th><th>Detail type</th><th>Matched rules</th><th>Deliveries</th></tr></thead>
        <tbody>
          {events.slice(0, 200).map((e) => (
            <tr key={e.id} data-detail-type={e.detailType}>
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
      </div>
    </section>
  );
}

const SAMPLE_EVENT = '{\n  "source": "my-app.orders",\n  "detail-type": "OrderPlaced",\n  "detail": { "orderId": "o-1", "total": 42 }\n}';
const SAMPLE_PATTERN = '{\n  "source": ["my-app.orders"],\n  "detail": { "total": [{ "numeric": [">", 10] }] }\n}';

/** Test a pattern against an event (TestEventPattern), or put the event on a bus (PutEvents). */
function Try() {
  const [event, setEvent] = useState(SAMPLE_EVENT);
  const [pattern, setPattern] = useState(SAMPLE_PATTERN);
  const [bus, setBus] = useState('default');
  const [outcome, setOutcome] = useState(undefined);
  const parse = (text, what) => {
    try {
      return JSON.parse(text);
    } catch (failure) {
      throw Object.assign(new Error(`${what} is not JSON: ${failure.message}`), { type: 'Invalid JSON' });
    }
  };
  const attempt = async (run) => {
    try {
      setOutcome(await run());
    } catch (failure) {
      setOutcome({ error: failure });
    }
  };
  const test = () =>
    attempt(async () => {
      const e = parse(event, 'The event');
      // TestEventPattern wants a whole event: what a bus would add is filled in.
      const whole = { id: crypto.randomUUID(), account: '000000000000', region: 'us-east-1', time: new Date().toISOString().slice(0, 19) + 'Z', resources: [], ...e };
      const { Result } = await api.post('/_eddy/events/TestEventPattern', { EventPattern: JSON.stringify(parse(pattern, 'The pattern')), Event: JSON.stringify(whole) });
      return { matched: Result };
    });
  const put = () =>
    attempt(async () => {
      const e = parse(event, 'The event');
      const answer = await api.post('/_eddy/events/PutEvents', { Entries: [{ EventBusName: bus, Source: e.source, DetailType: e['detail-type'], Detail: JSON.stringify(e.detail ?? {}), Resources: e.resources ?? [] }] });
      const entry = answer.Entries?.[0] ?? {};
      return entry.ErrorCode ? { error: { type: entry.ErrorCode, message: entry.ErrorMessage } } : { put: entry.EventId };
    });
  return (
    <section class="panel try" data-form="try-pattern">
      <h2>Try an event</h2>
      <div class="try-grid">
        <label>Event<textarea class="mono" rows={7} value={event} onInput={(e) => setEvent(e.currentTarget.value)} spellcheck={false} /></label>
        <label>Pattern<textarea class="mono" rows={7} value={pattern} onInput={(e) => setPattern(e.currentTarget.value)} spellcheck={false} /></label>
      </div>
      <div class="row">
        <button onClick={test} data-action="test-pattern">Test pattern</button>
        <span class="grow" />
        <label class="inline">Bus<input value={bus} onInput={(e) => setBus(e.currentTarget.value)} style="width:140px" /></label>
        <button class="primary" onClick={put} data-action="put-event">Put event</button>
      </div>
      {outcome?.error && <ErrorNote error={outcome.error} />}
      {outcome?.matched !== undefined && (
        <div class={outcome.matched ? 'note ok' : 'note error'} data-pattern-result={outcome.matched ? 'match' : 'no-match'}>
          {outcome.matched ? 'The pattern matches the event.' : 'The pattern does not match the event.'}
        </div>
      )}
      {outcome?.put && <div class="note ok">Put on {bus}: event {outcome.put}</div>}
    </section>
  );
}
