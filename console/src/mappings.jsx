import { useState } from 'preact/hooks';
import { api } from './api.js';
import { useFeed } from './feed.js';
import { formatAge, mappingHealth } from './graph-model.js';
import { Badge, ErrorNote, Modal } from './ui.jsx';
import { keyText } from './attribute-values.js';

const sourceName = (arn) => arn.match(/:table\/([^/]+)\/stream\//)?.[1] ?? arn.slice(arn.lastIndexOf(':') + 1);

/**
 * Event source mappings and pipes as `GET /_eddy/mappings` reports them: state, lag, attempts, last error, and
 * per shard. Kept current by the feed `GET /_eddy/mappings/feed`; polled every two seconds while it is down.
 */
export function Mappings() {
  const { data, error, reload, live } = useFeed({
    path: '/_eddy/mappings/feed',
    event: 'mappings',
    pick: (answer) => answer.mappings,
    load: () => api.get('/_eddy/mappings').then((answer) => answer.mappings),
    everyMs: 2000,
  });
  const [open, setOpen] = useState(undefined);
  const [note, setNote] = useState(undefined);
  const [rewinding, setRewinding] = useState(undefined);
  /** An action of `eddy mappings` (POST /_eddy/mappings/retry|skip|rewind|disable|enable): stored at once, taken by the node holding the shard. */
  const act = async (action, body, done) => {
    setNote(undefined);
    try {
      await api.post(`/_eddy/mappings/${action}`, body);
      setNote({ ok: done });
      reload();
      return true;
    } catch (failure) {
      setNote({ error: failure });
      return false;
    }
  };
  return (
    <div data-feed={live ? 'live' : 'polling'}>
      <ErrorNote error={error ?? note?.error} stale={data !== undefined && error !== undefined} />
      {note?.ok && <div class="note ok" data-note="ok">{note.ok}</div>}
      <section class="panel flush">
        <table class="grid" data-list="mappings">
          <thead>
            <tr><th>Mapping</th><th>Source</th><th>Function / target</th><th>State</th><th>Health</th><th class="num">Lag</th><th class="num">Attempts</th><th>Last error</th><th /></tr>
          </thead>
          <tbody>
            {(data ?? []).map((m) => {
              const health = mappingHealth(m);
              const attempts = Math.max(0, ...m.shards.map((s) => s.attempts), m.queue?.attempts ?? 0);
              return [
                <tr key={m.uuid} class={`clickable ${health.failing || health.lagging ? 'bad-row' : ''}`} onClick={() => setOpen(open === m.uuid ? undefined : m.uuid)} data-mapping={m.uuid}>
                  <td class="nowrap"><span class="mono small" title={m.uuid}>{m.target !== undefined ? m.uuid : `${m.uuid.slice(0, 8)}…`}</span> {m.target !== undefined && <Badge tone="blue">pipe</Badge>}</td>
                  <td class="nowrap"><Badge tone={m.kind === 'stream' ? 'teal' : 'amber'}>{m.kind}</Badge> {sourceName(m.sourceArn)}</td>
                  <td>{m.target ?? m.functionName}</td>
                  <td><Badge tone={m.state === 'Enabled' ? 'green' : 'plain'}>{m.state}</Badge></td>
                  <td>{health.failing ? <Badge tone="red">RETRYING</Badge> : health.lagging ? <Badge tone="amber">BEHIND</Badge> : <Badge tone="green">OK</Badge>}</td>
                  <td class="num nowrap">{health.lagMs ? formatAge(health.lagMs) : '—'}</td>
                  <td class="num">{attempts || '—'}</td>
                  <td class="error-text clip" title={health.error}>{health.error ?? ''}</td>
                  <td class="actions" onClick={(e) => e.stopPropagation()}>
                    {m.kind === 'stream' && health.failing && (
                      <>
                        <button onClick={() => act('retry', { uuid: m.uuid }, `Retrying ${m.uuid}'s blocking batch now`)} data-action="retry">Retry now</button>
                        <button onClick={() => confirm('Skip the blocking batch? Its records are not delivered (its failure goes to the on-failure destination, when there is one).') && act('skip', { uuid: m.uuid }, `Skipped ${m.uuid}'s blocking batch`)} data-action="skip">Skip batch</button>
                      </>
                    )}
                    {m.kind === 'stream' && <button onClick={() => setRewinding(m)} data-action="rewind">Rewind</button>}
                    {m.state === 'Enabled' ? (
                      <button onClick={() => act('disable', { uuid: m.uuid }, `${m.uuid} disabled`)} data-action="disable">Disable</button>
                    ) : (
                      <button onClick={() => act('enable', { uuid: m.uuid }, `${m.uuid} enabled`)} data-action="enable">Enable</button>
                    )}
                  </td>
                </tr>,
                open === m.uuid && (
                  <tr key={`${m.uuid}-detail`} class="detail">
                    <td colSpan={9}>
                      <MappingDetail m={m} />
                    </td>
                  </tr>
                ),
              ];
            })}
            {data && data.length === 0 && <tr><td colSpan={9} class="muted empty">No event source mappings or pipes.</td></tr>}
          </tbody>
        </table>
      </section>
      {rewinding && (
        <Rewind
          mapping={rewinding}
          onClose={() => setRewinding(undefined)}
          onRewind={async (body) => (await act('rewind', { uuid: rewinding.uuid, ...body }, `${rewinding.uuid} rewound: delivery starts again from there`)) && setRewinding(undefined)}
        />
      )}
    </div>
  );
}

function MappingDetail({ m }) {
  return (
    <div class="mapping-detail">
      <p class="mono small muted">{m.sourceArn}{m.enrichment && ` · enrichment: ${m.enrichment}`}{m.stateReason && ` · ${m.stateReason}`}</p>
      {m.queue && (
        <p>
          Queue consumer: {m.queue.state}, {m.queue.inFlight} batches / {m.queue.messagesInFlight} messages in flight
          {m.queue.failingMessageCount > 0 && `, ${m.queue.failingMessageCount} failing`}
          {m.queue.lastFailure && <span class="error-text"> — {failureText(m.queue.lastFailure)}</span>}
        </p>
      )}
      {m.shards.length > 0 && (
        <table class="diff shards">
          <thead><tr><th>Shard</th><th>Checkpoint</th><th>State</th><th>Iterator age</th><th>In flight</th><th>Lease</th></tr></thead>
          <tbody>
            {m.shards.map((s) => [
              <tr key={s.shardId}>
                <td class="mono small">{s.shardId}</td>
                <td class="mono small">{s.checkpoint ?? '—'}{s.finished && ' (finished)'}</td>
                <td>{s.state}{s.attempts ? ` · attempt ${s.attempts}` : ''}</td>
                <td>{formatAge(s.iteratorAgeMs)}</td>
                <td>{s.inFlight}</td>
                <td class="mono small" title={s.leaseOwner}>{s.leaseOwner ? `${s.leaseOwner.slice(0, 24)}${s.leaseOwner.length > 24 ? '…' : ''}` : '—'}</td>
              </tr>,
              s.blockingBatch && (
                <tr key={`${s.shardId}-blocked`} class="failure-row">
                  <td colSpan={6}>
                    <strong>Blocking batch</strong>: {s.blockingBatch.records.count} {s.blockingBatch.records.count === 1 ? 'record' : 'records'}, {s.blockingBatch.records.firstSequence} … {s.blockingBatch.records.lastSequence},
                    {' '}attempt {s.blockingBatch.attempts} since {s.blockingBatch.since}{s.blockingBatch.retryAt && `, next at ${s.blockingBatch.retryAt}`}
                    <div class="mono small muted">{s.blockingBatch.records.keys.slice(0, 5).map((k) => keyText(k)).join(' · ')}{s.blockingBatch.records.keysTruncated || s.blockingBatch.records.keys.length > 5 ? ' …' : ''}</div>
                    {s.pendingAction && <Badge tone="amber">{s.pendingAction} requested</Badge>}
                  </td>
                </tr>
              ),
              s.lastFailure && (
                <tr key={`${s.shardId}-failure`} class="failure-row">
                  <td colSpan={6} class="error-text">
                    {failureText(s.lastFailure)} <span class="muted">at {s.lastFailure.at} · request {s.lastFailure.requestId}</span>
                  </td>
                </tr>
              ),
            ])}
          </tbody>
        </table>
      )}
    </div>
  );
}

function failureText(f) {
  switch (f.kind) {
    case 'function-error':
      return `${f.errorType}: ${f.errorMessage}`;
    case 'timeout':
      return f.errorMessage;
    case 'partial-batch-failure':
      return `${f.failedItems.length} of ${f.batchSize} items failed`;
    default:
      return f.reason ?? f.kind;
  }
}

/** Rewind to a sequence number or a time: delivery starts again from that record (or the first created at or after the time). */
function Rewind({ mapping, onClose, onRewind }) {
  const [by, setBy] = useState('time');
  const [value, setValue] = useState(() => new Date(Date.now() - 3_600_000).toISOString().slice(0, 19) + 'Z');
  const [shard, setShard] = useState('');
  return (
    <Modal title={`Rewind ${mapping.uuid}`} onClose={onClose}>
      <form class="form" data-form="rewind" onSubmit={(e) => { e.preventDefault(); onRewind({ ...(shard && { shard }), ...(by === 'time' ? { time: value } : { sequenceNumber: value }) }); }}>
        <div class="segmented">
          <button type="button" class={by === 'time' ? 'active' : ''} onClick={() => setBy('time')}>To a time</button>
          <button type="button" class={by === 'sequence' ? 'active' : ''} onClick={() => { setBy('sequence'); setValue(''); }}>To a sequence number</button>
        </div>
        <label>{by === 'time' ? 'Time (ISO 8601, Eddy\'s clock)' : 'Sequence number'}<input class="mono" name="to" required value={value} onInput={(e) => setValue(e.currentTarget.value)} /></label>
        <label>Shard <small>(every shard when empty)</small>
          <select value={shard} onChange={(e) => setShard(e.currentTarget.value)}>
            <option value="">Every shard</option>
            {mapping.shards.map((s) => <option key={s.shardId}>{s.shardId}</option>)}
          </select>
        </label>
        <footer><button type="button" onClick={onClose}>Cancel</button><button class="primary" type="submit">Rewind</button></footer>
      </form>
    </Modal>
  );
}
