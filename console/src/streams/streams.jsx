import { api } from '../api.js';
import { usePolling } from '../polling.js';
import { href } from '../route.js';
import { Badge, ErrorNote } from '../ui.jsx';
import { Tail } from './tail.jsx';

/** `#/streams`: the tables with a stream; `#/streams/NAME`: that table's live tail. */
export function Streams({ params }) {
  const { data, error } = usePolling(() => api.get('/_eddy/overview').then((o) => o.tables.filter((t) => t.stream)), params[0] ? 0 : 3000, [params[0]]);
  if (params[0]) return <Tail key={params[0]} table={params[0]} />;
  return (
    <div>
      <ErrorNote error={error} stale={data !== undefined} />
      <section class="panel flush">
        <table class="grid" data-list="streams">
          <thead><tr><th>Table</th><th>View type</th><th>Stream ARN</th><th /></tr></thead>
          <tbody>
            {(data ?? []).map((t) => (
              <tr key={t.name}>
                <td class="strong"><a href={href('streams', t.name)}>{t.name}</a></td>
                <td><Badge tone="teal">{t.stream.viewType}</Badge></td>
                <td class="mono small muted">{t.stream.arn}</td>
                <td><a href={href('streams', t.name)}>Live tail →</a></td>
              </tr>
            ))}
            {data && data.length === 0 && <tr><td colSpan={4} class="muted empty">No table has a stream. Enable one with StreamSpecification, or create a table with a stream in Tables.</td></tr>}
          </tbody>
        </table>
      </section>
    </div>
  );
}
