import { useState } from 'preact/hooks';
import { api } from './api.js';
import { usePolling } from './polling.js';
import { formatAge, mappingHealth } from './graph-model.js';
import { Badge, ErrorNote } from './ui.jsx';

const sourceName = (arn) => arn.match(/:table\/([^/]+)\/stream\//)?.[1] ?? arn.slice(arn.lastIndexOf(':') + 1);

/** Event source mappings and pipes as `GET /_eddy/mappings` reports them: state, lag, attempts, last error, and per shard. */
export function Mappings() {
  const { data, error } = usePolling(() => api.get('/_eddy/mappings').then((answer) => answer.mappings), 2000);
  const [open, setOpen] = useState(undefined);
  return (
    <div>
      <ErrorNote error={error} stale={data !== undefined} />
      <section class="panel flush">
        <table class="grid" data-list="mappings">
          <thead>
            <tr><th>Mapping</th><th>Source</th><th>Function / target</th><th>State</th><th>Health</th><th class="num">Lag</th><th class="num">Attempts</th><th>Last error</th></tr>
          </thead>
          <tbody>
            {(data ?? []).map((m) => {
              const health = mappingHealth(m);
              const attempts = Math.max(0, ...m.shards.map((s) => s.attempts), m.queue?.attempts ?? 0);
              return [
                <tr key={m.uuid} class={`clickable ${health.failing || health.lagging ? 'bad-row' : ''}`} onClick={() => setOpen(open === m.uuid ? undefined : m.uuid)} data-mapping={m.uuid}>
                  <td class="nowrap"><span class="mono small" title={m.uuid}>{m.target !== undefined ? m.uuid : `${m.uuid.slice(0, 8)}…`}</span> {m.target !== undefined && <Badge tone="blue">pipe</Badge>}</td>
                  <td><Badge tone={m.kind === 'stream' ? 'teal' : 'amber'}>{m.kind}</Badge> {sourceName(m.sourceArn)}</td>
                  <td>{m.target ?? m.functionName}</td>
                  <td><Badge tone={m.state === 'Enabled' ? 'green' : 'plain'}>{m.state}</Badge></td>
                  <td>{health.failing ? <Badge tone="red">RETRYING</Badge> : health.lagging ? <Badge tone="amber">BEHIND</Badge> : <Badge tone="green">OK</Badge>}</td>
                  <td class="num nowrap">{health.lagMs ? formatAge(health.lagMs) : '—'}</td>
                  <td class="num">{attempts || '—'}</td>
                  <td class="error-text">{health.error ?? ''}</td>
                </tr>,
                open === m.uuid && (
                  <tr key={`${m.uuid}-detail`} class="detail">
                    <td colSpan={8}>
                      <MappingDetail m={m} />
                    </td>
                  </tr>
                ),
              ];
            })}
            {data && data.length === 0 && <tr><td colSpan={8} class="muted empty">No event source mappings or pipes.</td></tr>}
          </tbody>
        </table>
      </section>
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
