import { useState } from 'preact/hooks';
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
        {name ? (
          <>
            <Invoke key={`invoke-${name}`} name={name} />
            <Logs key={name} name={name} />
          </>
        ) : (
          <p class="muted empty">Pick a function to invoke it and read its logs.</p>
        )}
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

/** Invokes the function with a JSON payload (RequestResponse) and shows its result or error. */
function Invoke({ name }) {
  const [payload, setPayload] = useState('{}');
  const [result, setResult] = useState(undefined);
  const [busy, setBusy] = useState(false);
  let parsed;
  let problem;
  try {
    parsed = JSON.parse(payload);
  } catch (failure) {
    problem = failure.message;
  }
  const run = async () => {
    setBusy(true);
    try {
      setResult({ answer: await api.post('/_eddy/functions/invoke', { function: name, payload: parsed }) });
    } catch (failure) {
      setResult({ error: failure });
    } finally {
      setBusy(false);
    }
  };
  const answer = result?.answer;
  return (
    <div class="invoke" data-form="invoke">
      <div class="row">
        <textarea class="mono grow" rows={3} value={payload} onInput={(e) => setPayload(e.currentTarget.value)} aria-label="Event (JSON)" spellcheck={false} />
        <button class="primary" disabled={busy || Boolean(problem)} onClick={run} data-action="invoke">Invoke</button>
      </div>
      {problem && <p class="hint bad">{problem}</p>}
      <ErrorNote error={result?.error} />
      {answer && (
        <div class={answer.functionError ? 'invoke-result bad' : 'invoke-result'} data-invoke-result={answer.functionError ? 'error' : 'ok'}>
          <span class="muted small">{answer.functionError ? 'Function error' : 'Result'} · {answer.durationMs.toFixed(1)} ms · {answer.requestId}</span>
          <pre class="mono">{JSON.stringify(answer.payload, null, 2)}</pre>
        </div>
      )}
    </div>
  );
}
