import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api.js';
import { usePolling } from '../polling.js';
import { href, navigate } from '../route.js';
import { Badge, ErrorNote, KeySchema } from '../ui.jsx';
import { formatBytes } from './tables.jsx';
import { Browser } from './browser.jsx';
import { useProgress } from '../progress.jsx';

/** One table: what DescribeTable and DescribeTimeToLive say, its items, and deleting it. */
export function TableDetail({ name }) {
  const { data, error, reload } = usePolling(
    async () => {
      const [{ Table }, { TimeToLiveDescription }] = await Promise.all([api.dynamodb('DescribeTable', { TableName: name }), api.dynamodb('DescribeTimeToLive', { TableName: name })]);
      return { table: Table, ttl: TimeToLiveDescription };
    },
    5000,
    [name],
  );
  const [tab, setTab] = useState('items');
  const progress = useProgress(); // a GSI's backfill, while it runs (on any node)
  // A backfill of this table ending (its index now ACTIVE) or beginning is read at once, not at the next poll.
  const backfills = progress.filter((t) => t.kind === 'backfill' && t.resource.startsWith(`${name}/`)).map((t) => t.resource).join(' ');
  const backfillsRead = useRef(backfills);
  useEffect(() => {
    if (backfillsRead.current === backfills) return;
    backfillsRead.current = backfills;
    reload();
  }, [backfills]);
  if (!data) return error ? <ErrorNote error={error} /> : <p class="muted">Loading…</p>;
  const { table, ttl } = data;
  const indexes = [...(table.GlobalSecondaryIndexes ?? []).map((i) => ({ ...i, global: true })), ...(table.LocalSecondaryIndexes ?? [])];
  const remove = async () => {
    if (!confirm(`Delete table ${name} and all its items?`)) return;
    try {
      await api.dynamodb('DeleteTable', { TableName: name });
      navigate('tables');
    } catch (failure) {
      alert(`${failure.type}: ${failure.message}`);
    }
  };
  return (
    <div>
      <div class="crumbs"><a href={href('tables')}>Tables</a> / <strong data-title>{name}</strong></div>
      <ErrorNote error={error} stale />
      <section class="panel facts">
        <Fact label="Keys"><KeySchema keySchema={table.KeySchema} attributeDefinitions={table.AttributeDefinitions} /></Fact>
        <Fact label="Items">{(table.ItemCount ?? 0).toLocaleString()}</Fact>
        <Fact label="Size">{formatBytes(table.TableSizeBytes ?? 0)}</Fact>
        <Fact label="Status"><Badge tone={table.TableStatus === 'ACTIVE' ? 'green' : 'amber'}>{table.TableStatus}</Badge></Fact>
        <Fact label="Stream">
          {table.StreamSpecification?.StreamEnabled ? (
            <span>
              <Badge tone="teal">{table.StreamSpecification.StreamViewType}</Badge> <a href={href('streams', name)}>Live tail →</a>
            </span>
          ) : (
            <span class="muted">off</span>
          )}
        </Fact>
        <Fact label="TTL">{ttl?.AttributeName ? <span><span class="mono">{ttl.AttributeName}</span> <small class="muted">{ttl.TimeToLiveStatus}</small></span> : <span class="muted">off</span>}</Fact>
        <Fact label="Billing">{table.BillingModeSummary?.BillingMode ?? 'PROVISIONED'}</Fact>
        <span class="grow" />
        <button class="danger" onClick={remove} data-action="delete-table">Delete table</button>
      </section>
      <div class="tabs">
        <button class={tab === 'items' ? 'tab active' : 'tab'} onClick={() => setTab('items')}>Items</button>
        <button class={tab === 'indexes' ? 'tab active' : 'tab'} onClick={() => setTab('indexes')}>Indexes <small>{indexes.length}</small></button>
        <button class={tab === 'describe' ? 'tab active' : 'tab'} onClick={() => setTab('describe')}>Describe</button>
      </div>
      {tab === 'items' && <Browser table={table} />}
      {tab === 'indexes' && (
        <section class="panel flush">
          <table class="grid">
            <thead><tr><th>Index</th><th>Kind</th><th>Keys</th><th>Projection</th><th class="num">Items</th><th>Status</th></tr></thead>
            <tbody>
              {indexes.map((i) => (
                <tr key={i.IndexName}>
                  <td class="strong">{i.IndexName}</td>
                  <td>{i.global ? 'global' : 'local'}</td>
                  <td><KeySchema keySchema={i.KeySchema} attributeDefinitions={table.AttributeDefinitions} /></td>
                  <td>{i.Projection?.ProjectionType}{i.Projection?.NonKeyAttributes ? ` (${i.Projection.NonKeyAttributes.join(', ')})` : ''}</td>
                  <td class="num">{(i.ItemCount ?? 0).toLocaleString()}</td>
                  <td>
                    {i.IndexStatus ? <Badge tone={i.IndexStatus === 'ACTIVE' ? 'green' : 'amber'}>{i.IndexStatus}</Badge> : '—'}
                    <Backfill task={progress.find((t) => t.kind === 'backfill' && t.resource === `${name}/${i.IndexName}`)} />
                  </td>
                </tr>
              ))}
              {indexes.length === 0 && <tr><td colSpan={6} class="muted empty">No secondary indexes.</td></tr>}
            </tbody>
          </table>
        </section>
      )}
      {tab === 'describe' && <pre class="panel code">{JSON.stringify({ Table: table, TimeToLiveDescription: ttl }, null, 2)}</pre>}
    </div>
  );
}

function Fact({ label, children }) {
  return (
    <div class="fact">
      <span class="fact-label">{label}</span>
      <span class="fact-value">{children}</span>
    </div>
  );
}

/** How far a GSI's backfill has come, next to its CREATING status. */
function Backfill({ task }) {
  if (!task) return null;
  const of = task.total === undefined ? '' : ` / ${task.total.toLocaleString()}`;
  return <span class="muted" data-backfill={task.resource}> {task.done.toLocaleString()}{of} items backfilled</span>;
}
