import { useEffect, useState } from 'preact/hooks';
import { api } from './api.js';
import { Badge, ErrorNote } from './ui.jsx';

const PAGE = 20;
const STATE_TONES = { visible: 'green', 'in flight': 'blue', delayed: 'amber' };

/**
 * A queue's messages as stored (POST /_eddy/sqs/PeekMessages), read without receiving them: a receive would
 * count towards the redrive policy. A page at a time; *Load more* continues, *Refresh* (or a change made in
 * the view: `changes` counts them) starts again.
 */
export function QueuePeek({ queue, changes, onClose }) {
  const [pages, setPages] = useState({ messages: [], next: undefined, done: false });
  const [error, setError] = useState(undefined);
  const [open, setOpen] = useState(undefined);
  const load = async (after, messages) => {
    setError(undefined);
    try {
      const answer = await api.post('/_eddy/sqs/PeekMessages', { QueueUrl: queue.url, MaxNumberOfMessages: PAGE, ...(after && { After: after }) });
      setPages({ messages: [...messages, ...answer.Messages], next: answer.NextToken, done: true });
    } catch (failure) {
      setError(failure);
    }
  };
  useEffect(() => {
    setPages({ messages: [], next: undefined, done: false });
    load(undefined, []);
  }, [queue.url, changes]);
  return (
    <section class="panel" data-panel="peek">
      <header class="panel-head">
        <h2>Messages in {queue.name} <small class="muted">peeked, not received</small></h2>
        <span class="actions">
          <button onClick={() => load(undefined, [])} data-action="peek-refresh">Refresh</button>
          <button class="icon" onClick={onClose} aria-label="Close">×</button>
        </span>
      </header>
      <ErrorNote error={error} />
      <table class="grid" data-list="peek">
        <thead><tr><th>Message</th><th>State</th><th class="num">Receives</th><th>Sent</th><th>Body</th></tr></thead>
        <tbody>
          {pages.messages.map((m) => [
            <tr key={m.MessageId} class="clickable" onClick={() => setOpen(open === m.MessageId ? undefined : m.MessageId)} data-message={m.MessageId}>
              <td class="mono small nowrap" title={m.MessageId}>{m.MessageId.slice(0, 8)}…{m.MessageGroupId && <> <Badge>{m.MessageGroupId}</Badge></>}</td>
              <td class="nowrap"><Badge tone={STATE_TONES[m.State]}>{m.State}</Badge>{m.VisibleAt && <small class="muted"> until {m.VisibleAt.slice(11, 19)}</small>}</td>
              <td class="num">{m.ApproximateReceiveCount}</td>
              <td class="nowrap small">{m.SentTimestamp.replace('T', ' ').slice(0, 19)}</td>
              <td class="mono small clip" title={m.Body}>{m.Body}</td>
            </tr>,
            open === m.MessageId && (
              <tr key={`${m.MessageId}-detail`} class="detail">
                <td colSpan={5}>
                  <p class="mono small muted">{m.MessageId}{m.MessageDeduplicationId && ` · deduplication id ${m.MessageDeduplicationId}`}</p>
                  <pre class="mono small">{pretty(m.Body)}</pre>
                  {m.MessageAttributes && <pre class="mono small">{JSON.stringify(m.MessageAttributes, null, 2)}</pre>}
                  {m.MessageSystemAttributes && <pre class="mono small">{JSON.stringify(m.MessageSystemAttributes, null, 2)}</pre>}
                </td>
              </tr>
            ),
          ])}
          {pages.done && pages.messages.length === 0 && <tr><td colSpan={5} class="muted empty">No messages.</td></tr>}
        </tbody>
      </table>
      <footer class="pager">
        <span class="muted">{pages.messages.length.toLocaleString()} messages{pages.next ? ' · more available' : pages.done ? ' · end' : ''}</span>
        {pages.next && <button onClick={() => load(pages.next, pages.messages)} data-action="peek-more">Load more</button>}
      </footer>
    </section>
  );
}

/** A JSON body indented; any other body as it is. */
function pretty(body) {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}
