import { useState } from 'preact/hooks';
import { api } from './api.js';
import { usePolling } from './polling.js';
import { QueuePeek } from './queue-peek.jsx';
import { Badge, ErrorNote, Modal } from './ui.jsx';

/** Queues with their depths; peek at a queue's messages, send one, purge, and move a dead-letter queue's messages back (StartMessageMoveTask). */
export function Queues() {
  const { data, error, reload } = usePolling(() => api.get('/_eddy/overview').then((o) => o.queues), 2000);
  const [sending, setSending] = useState(undefined);
  const [note, setNote] = useState(undefined);
  const [peeking, setPeeking] = useState(undefined);
  // Counts the sends, purges and redrives made here, so an open Peek reads again after each.
  const [changes, setChanges] = useState(0);
  const deadLetterArns = new Set((data ?? []).map((q) => q.deadLetterTargetArn).filter(Boolean));
  const act = async (what, operation, input) => {
    setNote(undefined);
    try {
      await api.post(`/_eddy/sqs/${operation}`, input);
      setNote({ ok: what });
      setChanges((n) => n + 1);
      reload();
    } catch (failure) {
      setNote({ error: failure });
    }
  };
  return (
    <div>
      <ErrorNote error={error ?? note?.error} stale={data !== undefined && error !== undefined} />
      {note?.ok && <div class="note ok">{note.ok}</div>}
      <section class="panel flush">
        <table class="grid" data-list="queues">
          <thead><tr><th>Queue</th><th class="num">Visible</th><th class="num">In flight</th><th class="num">Delayed</th><th>Dead-letter queue</th><th /></tr></thead>
          <tbody>
            {(data ?? []).map((q) => {
              const isDlq = deadLetterArns.has(q.arn);
              return (
                <tr key={q.arn} class={isDlq && q.visible > 0 ? 'bad-row' : ''} data-queue={q.name}>
                  <td><span class="strong">{q.name}</span> {q.fifo && <Badge>FIFO</Badge>} {isDlq && <Badge tone={q.visible ? 'red' : 'plain'}>DLQ</Badge>}</td>
                  <td class="num">{q.visible.toLocaleString()}</td>
                  <td class="num">{q.inFlight.toLocaleString()}</td>
                  <td class="num">{q.delayed.toLocaleString()}</td>
                  <td>{q.deadLetterTargetArn ? <span>{q.deadLetterTargetArn.split(':').pop()} <small class="muted">after {q.maxReceiveCount} receives</small></span> : <span class="muted">—</span>}</td>
                  <td class="actions">
                    <button onClick={() => setPeeking(peeking === q.url ? undefined : q.url)} class={peeking === q.url ? 'active' : ''} data-action="peek">Peek</button>
                    <button onClick={() => setSending(q)}>Send</button>
                    {isDlq && <button onClick={() => act(`Moving ${q.name}'s messages back to their source queues`, 'StartMessageMoveTask', { SourceArn: q.arn })} disabled={!q.visible} data-action="redrive">Redrive</button>}
                    <button class="danger" onClick={() => confirm(`Purge every message of ${q.name}?`) && act(`${q.name} purged`, 'PurgeQueue', { QueueUrl: q.url })} data-action="purge">Purge</button>
                  </td>
                </tr>
              );
            })}
            {data && data.length === 0 && <tr><td colSpan={6} class="muted empty">No queues.</td></tr>}
          </tbody>
        </table>
      </section>
      {peeking && data?.some((q) => q.url === peeking) && <QueuePeek queue={data.find((q) => q.url === peeking)} changes={changes} onClose={() => setPeeking(undefined)} />}
      {sending && <SendMessage queue={sending} onClose={() => setSending(undefined)} onSent={() => { setSending(undefined); setChanges((n) => n + 1); reload(); }} />}
    </div>
  );
}

function SendMessage({ queue, onClose, onSent }) {
  const [body, setBody] = useState('{\n  \n}');
  const [group, setGroup] = useState('console');
  const [error, setError] = useState(undefined);
  const send = async () => {
    try {
      await api.post('/_eddy/sqs/SendMessage', { QueueUrl: queue.url, MessageBody: body, ...(queue.fifo && { MessageGroupId: group, MessageDeduplicationId: String(Date.now()) }) });
      onSent();
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <Modal title={`Send to ${queue.name}`} onClose={onClose} wide>
      <div class="form">
        <textarea class="mono editor" rows={10} value={body} onInput={(e) => setBody(e.currentTarget.value)} aria-label="Message body" />
        {queue.fifo && <label>Message group<input value={group} onInput={(e) => setGroup(e.currentTarget.value)} /></label>}
        <ErrorNote error={error} />
        <footer><button onClick={onClose}>Cancel</button><button class="primary" onClick={send}>Send</button></footer>
      </div>
    </Modal>
  );
}
