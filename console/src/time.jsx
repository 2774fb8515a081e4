import { useState } from 'preact/hooks';
import { api } from './api.js';
import { usePolling } from './polling.js';
import { ErrorNote } from './ui.jsx';

const STEPS = ['1m', '15m', '1h', '6h', '1d', '7d'];

/** Eddy's clock: advance it (what falls due on the way runs: TTL, schedules, retention), set it, or resume the wall clock. */
export function Time() {
  const { data, error, reload } = usePolling(() => api.get('/_eddy/time'), 1000);
  const [custom, setCustom] = useState('2h');
  const [at, setAt] = useState('');
  const [result, setResult] = useState(undefined);
  const [busy, setBusy] = useState(false);
  const act = async (path, body) => {
    setBusy(true);
    try {
      setResult({ answer: await api.post(path, body) });
      reload();
    } catch (failure) {
      setResult({ error: failure });
    } finally {
      setBusy(false);
    }
  };
  return (
    <div>
      <ErrorNote error={error ?? result?.error} />
      <section class="panel facts">
        <div class="fact"><span class="fact-label">Eddy's clock</span><span class="fact-value big mono" data-time-now>{data?.now.replace('T', ' ').slice(0, 19)}</span></div>
        <div class="fact"><span class="fact-label">Wall clock</span><span class="fact-value mono">{data?.wallClock.replace('T', ' ').slice(0, 19)}</span></div>
        <div class="fact"><span class="fact-label">Offset</span><span class="fact-value mono">{data?.offset}</span></div>
      </section>
      <section class="panel time-actions">
        <div class="row">
          <span class="fact-label">Advance by</span>
          {STEPS.map((by) => <button key={by} disabled={busy} onClick={() => act('/_eddy/time/advance', { by })} data-advance={by}>+{by}</button>)}
          <input value={custom} onInput={(e) => setCustom(e.currentTarget.value)} aria-label="Duration" style="width:80px" />
          <button class="primary" disabled={busy} onClick={() => act('/_eddy/time/advance', { by: custom })}>Advance</button>
        </div>
        <div class="row">
          <span class="fact-label">Set to</span>
          <input value={at} onInput={(e) => setAt(e.currentTarget.value)} placeholder="2027-01-01T00:00:00Z" class="mono" />
          <button disabled={busy || !at} onClick={() => act('/_eddy/time/set', { to: at })}>Set</button>
          <span class="grow" />
          <button disabled={busy || data?.offsetMs === 0} onClick={() => act('/_eddy/time/resume', {})}>Back to the wall clock</button>
        </div>
      </section>
      {result?.answer && <pre class="panel code">{JSON.stringify(result.answer, null, 2)}</pre>}
    </div>
  );
}
