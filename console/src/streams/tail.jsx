import { useEffect, useRef, useState } from 'preact/hooks';
import { diffImages, keyText, shortValue } from '../attribute-values.js';
import { href } from '../route.js';
import { Badge } from '../ui.jsx';

/** Records kept in memory (the oldest dropped past it), and rows drawn at most: thousands stay responsive. */
const KEPT = 5000;
const SHOWN = 300;
const TONES = { INSERT: 'green', MODIFY: 'blue', REMOVE: 'red' };

/**
 * A table's stream as it is written: GET /_eddy/streams/{Table}/tail (Server-Sent Events) through an
 * EventSource. Records arriving in a burst are drawn once per frame; paused, they are counted and kept
 * aside until resumed.
 */
export function Tail({ table }) {
  const [records, setRecords] = useState([]);
  const [status, setStatus] = useState({ state: 'connecting' });
  const [paused, setPaused] = useState(false);
  const [filter, setFilter] = useState({ event: '', key: '' });
  const [open, setOpen] = useState(() => new Set());
  const [waiting, setWaiting] = useState(0);
  const pending = useRef([]);
  const pausedRef = useRef(false);
  const frame = useRef(0);
  pausedRef.current = paused;

  const flush = () => {
    frame.current = 0;
    if (pausedRef.current || pending.current.length === 0) return;
    const arrived = pending.current.reverse();
    pending.current = [];
    setWaiting(0);
    setRecords((old) => [...arrived, ...old].slice(0, KEPT));
  };

  useEffect(() => {
    const source = new EventSource(`/_eddy/streams/${encodeURIComponent(table)}/tail`);
    source.addEventListener('ready', (e) => setStatus({ state: 'live', label: e.data }));
    source.addEventListener('record', (e) => {
      const record = JSON.parse(e.data);
      record.key = keyText(record.dynamodb?.Keys);
      pending.current.push(record);
      if (pending.current.length > KEPT) pending.current.splice(0, pending.current.length - KEPT);
      if (pausedRef.current) setWaiting(pending.current.length);
      else if (!frame.current) frame.current = requestAnimationFrame(flush);
    });
    source.onerror = async () => {
      if (source.readyState !== EventSource.CLOSED) return setStatus({ state: 'reconnecting' });
      // A refused feed (no such table, no stream) closes the EventSource without its reason: ask for it.
      const answer = await fetch(`/_eddy/streams/${encodeURIComponent(table)}/tail`).then((r) => (r.ok ? undefined : r.json()), () => undefined);
      setStatus({ state: 'closed', message: answer?.message ?? 'The feed closed' });
    };
    return () => {
      source.close();
      cancelAnimationFrame(frame.current);
    };
  }, [table]);

  useEffect(() => {
    if (!paused) flush();
  }, [paused]);

  const shown = records.filter((r) => (!filter.event || r.eventName === filter.event) && (!filter.key || r.key.toLowerCase().includes(filter.key.toLowerCase())));
  const toggle = (id) => {
    const next = new Set(open);
    next.has(id) ? next.delete(id) : next.add(id);
    setOpen(next);
  };
  return (
    <div>
      <div class="crumbs"><a href={href('streams')}>Streams</a> / <strong>{table}</strong> <a class="small" href={href('tables', table)}>table →</a></div>
      <div class="toolbar">
        <span class={`live ${status.state}`} data-tail-state={status.state}><i />{status.state === 'live' ? `Live · ${status.label}` : status.state === 'closed' ? status.message : status.state}</span>
        <button onClick={() => setPaused(!paused)} data-action="pause">{paused ? `Resume${waiting ? ` (${waiting} new)` : ''}` : 'Pause'}</button>
        <button onClick={() => setRecords([])}>Clear</button>
        <span class="grow" />
        <select value={filter.event} onChange={(e) => setFilter({ ...filter, event: e.currentTarget.value })} aria-label="Event name">
          <option value="">All events</option>
          <option>INSERT</option>
          <option>MODIFY</option>
          <option>REMOVE</option>
        </select>
        <input type="search" placeholder="Filter by key" value={filter.key} onInput={(e) => setFilter({ ...filter, key: e.currentTarget.value })} />
      </div>
      <section class="panel flush">
        <table class="grid records" data-list="records">
          <thead><tr><th style="width:150px">Time</th><th style="width:80px">Event</th><th>Key</th><th>Changes</th><th class="num">Sequence</th></tr></thead>
          <tbody>
            {shown.slice(0, SHOWN).map((r) => (
              <Record key={r.eventID} record={r} open={open.has(r.eventID)} onToggle={() => toggle(r.eventID)} />
            ))}
            {shown.length === 0 && (
              <tr><td colSpan={5} class="muted empty">{records.length ? 'No record matches the filter.' : 'Waiting for writes to this table…'}</td></tr>
            )}
          </tbody>
        </table>
        <footer class="pager">
          <span class="muted">
            {records.length.toLocaleString()} records received{shown.length !== records.length && ` · ${shown.length.toLocaleString()} match`}
            {shown.length > SHOWN && ` · newest ${SHOWN} shown`}
          </span>
        </footer>
      </section>
    </div>
  );
}

function Record({ record, open, onToggle }) {
  const d = record.dynamodb ?? {};
  const diff = diffImages(d.OldImage, d.NewImage);
  const counts = { added: 0, removed: 0, changed: 0 };
  for (const change of diff) if (change.kind in counts) counts[change.kind]++;
  const time = d.ApproximateCreationDateTime ? new Date(d.ApproximateCreationDateTime * 1000).toISOString().replace('T', ' ').slice(0, 19) : '';
  return (
    <>
      <tr class="clickable" onClick={onToggle} data-record={record.key} data-event={record.eventName}>
        <td class="mono small nowrap">{time}</td>
        <td><Badge tone={TONES[record.eventName]}>{record.eventName}</Badge></td>
        <td class="mono">{record.key}</td>
        <td class="small">
          {counts.added > 0 && <span class="diff-added">+{counts.added} </span>}
          {counts.changed > 0 && <span class="diff-changed">~{counts.changed} </span>}
          {counts.removed > 0 && <span class="diff-removed">−{counts.removed} </span>}
          <span class="muted">{diff.filter((c) => c.kind !== 'same').map((c) => c.name).slice(0, 6).join(', ')}</span>
        </td>
        <td class="num mono small muted">{d.SequenceNumber}</td>
      </tr>
      {open && (
        <tr class="detail">
          <td colSpan={5}>
            {diff.length === 0 ? (
              <span class="muted">Keys only: this stream carries no images ({d.StreamViewType}).</span>
            ) : (
              <table class="diff">
                <thead><tr><th>Attribute</th><th>Old image</th><th>New image</th></tr></thead>
                <tbody>
                  {diff.map((c) => (
                    <tr key={c.name} class={`diff-${c.kind}`}>
                      <td class="mono">{c.name}</td>
                      <td class="mono" title={c.before && JSON.stringify(c.before)}>{c.before ? shortValue(c.before) : ''}</td>
                      <td class="mono" title={c.after && JSON.stringify(c.after)}>{c.after ? shortValue(c.after) : ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </td>
        </tr>
      )}
    </>
  );
}
