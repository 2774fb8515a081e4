import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { usePolling } from '../polling.js';
import { href, navigate } from '../route.js';
import { ErrorNote, Badge, KeySchema } from '../ui.jsx';
import { CreateTable } from './create-table.jsx';
import { TableDetail } from './table-detail.jsx';

/** `#/tables`: every table; `#/tables/NAME`: one table, described and browsed. */
export function Tables({ params }) {
  return params[0] ? <TableDetail name={params[0]} /> : <TableList />;
}

export function formatBytes(n) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

function TableList() {
  const { data, error, reload } = usePolling(() => api.get('/_eddy/overview').then((o) => o.tables), 3000);
  const [creating, setCreating] = useState(false);
  const [filter, setFilter] = useState('');
  const tables = (data ?? []).filter((t) => t.name.toLowerCase().includes(filter.toLowerCase()));
  return (
    <div>
      <div class="toolbar">
        <input type="search" placeholder="Filter tables" value={filter} onInput={(e) => setFilter(e.currentTarget.value)} />
        <span class="grow" />
        <button class="primary" onClick={() => setCreating(true)} data-action="create-table">Create table</button>
      </div>
      <ErrorNote error={error} stale={data !== undefined} />
      <section class="panel flush">
        <table class="grid" data-list="tables">
          <thead>
            <tr><th>Name</th><th>Keys</th><th class="num">Items</th><th class="num">Size</th><th>Stream</th><th>TTL</th><th>Indexes</th><th>Status</th></tr>
          </thead>
          <tbody>
            {tables.map((t) => (
              <tr key={t.name} class="clickable" onClick={() => navigate('tables', t.name)} data-table={t.name}>
                <td><a href={href('tables', t.name)} class="strong">{t.name}</a></td>
                <td><KeySchema keySchema={t.keySchema} attributeDefinitions={t.attributeDefinitions} /></td>
                <td class="num">{t.itemCount.toLocaleString()}</td>
                <td class="num">{formatBytes(t.sizeBytes)}</td>
                <td>{t.stream ? <Badge tone="teal">{t.stream.viewType}</Badge> : <span class="muted">—</span>}</td>
                <td>{t.ttl ? <span class="mono">{t.ttl}</span> : <span class="muted">—</span>}</td>
                <td>{t.globalIndexes.length + t.localIndexes.length ? [...t.globalIndexes, ...t.localIndexes].map((i) => <Badge key={i.name}>{i.name}</Badge>) : <span class="muted">—</span>}</td>
                <td><Badge tone={t.status === 'ACTIVE' ? 'green' : 'amber'}>{t.status}</Badge></td>
              </tr>
            ))}
            {data && tables.length === 0 && (
              <tr><td colSpan={8} class="muted empty">{filter ? 'No table matches.' : 'No tables yet.'}</td></tr>
            )}
          </tbody>
        </table>
      </section>
      {creating && (
        <CreateTable
          onClose={() => setCreating(false)}
          onCreated={(name) => {
            setCreating(false);
            reload();
            navigate('tables', name);
          }}
        />
      )}
    </div>
  );
}
