import { api } from './api.js';
import { usePolling } from './polling.js';
import { href } from './route.js';
import { Badge, ErrorNote } from './ui.jsx';

const REPORT = /^(START|END|REPORT) /;

/** `#/functions`: this node's functions; `#/functions/NAME`: its recent log lines (START / END / REPORT and the handler's output). */
export function Functions({ params }) {
  const { data, error } = usePolling(() => api.get('/_eddy/overview').then((o) => o.functions), 3000);
  const name = params[0];
  return (
    <div class="split">
      <section class="panel flush list-pane">
        <ErrorNote error={error} stale={data !== undefined} />
        <table class="grid" data-list="functions">
          <thead><tr><th>Function</th><th>Runtime</th><th class="num">Busy</th><th class="num">Warm</th></tr></thead>
          <tbody>
            {(data ?? []).map((f) => (
              <tr key={f.name} class={f.name === name ? 'selected' : ''}>
                <td><a href={href('functions', f.name)} class="strong">{f.name}</a> {f.broken && <Badge tone="red" title={f.broken}>build failed</Badge>}<div class="mono small muted">{f.handler}</div></td>
                <td>{f.runtime}</td>
                <td class="num">{f.environments.busy}</td>
                <td class="num">{f.environments.idle}</td>
              </tr>
            ))}
            {data && data.length === 0 && <tr><td colSpan={4} class="muted empty">No functions.</td></tr>}
          </tbody>
        </table>
      </section>
      <section class="panel flush log-pane">
        {name ? <Logs key={name} name={name} /> : <p class="muted empty">Pick a function for its logs.</p>}
      </section>
    </div>
  );
}

function Logs({ name }) {
  const { data, error } = usePolling(() => api.post('/_eddy/functions/logs', { function: name, limit: 300 }).then((answer) => answer.lines), 2000, [name]);
  const lines = [...(data ?? [])].reverse();
  return (
    <div>
      <h2>{name} <span class="muted small">newest first · this node's invocations</span></h2>
      <ErrorNote error={error} />
      <div class="log" data-log={name}>
        {lines.map((line, i) => (
          <div key={i} class={REPORT.test(line.message) ? `log-line report ${line.message.startsWith('START') ? 'start' : ''}` : /\bERROR\b|Error:/.test(line.message) ? 'log-line bad' : 'log-line'}>
            <span class="mono small muted">{new Date(line.timestamp).toISOString().slice(11, 23)}</span>
            <span class="mono small muted">{line.requestId?.slice(0, 8) ?? ''}</span>
            <span class="mono">{line.message}</span>
          </div>
        ))}
        {data && lines.length === 0 && <p class="muted empty">No log lines yet.</p>}
      </div>
    </div>
  );
}
