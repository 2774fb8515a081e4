import { useState } from 'preact/hooks';
import { api } from './api.js';
import { usePolling } from './polling.js';
import { Badge, ErrorNote } from './ui.jsx';

const REPLAY_TONES = { COMPLETED: 'green', RUNNING: 'blue', STARTING: 'blue', FAILED: 'red', CANCELLED: 'plain', CANCELLING: 'amber' };
const when = (seconds) => (seconds === undefined ? '—' : new Date(seconds * 1000).toISOString().replace('T', ' ').slice(0, 19));

/** Archives with their event counts, replaying one onto its bus (everything it kept, up to Eddy's now), and the replays' states. */
export function Archives() {
  const { data, error, reload } = usePolling(
    async () => {
      const [{ Archives = [] }, { Replays = [] }] = await Promise.all([api.post('/_eddy/events/ListArchives', {}), api.post('/_eddy/events/ListReplays', {})]);
      return { archives: Archives, replays: Replays };
    },
    3000,
  );
  const [failure, setFailure] = useState(undefined);
  if (!data || (data.archives.length === 0 && data.replays.length === 0)) return error ? <ErrorNote error={error} /> : null;
  const replay = async (archive) => {
    setFailure(undefined);
    try {
      const { now } = await api.get('/_eddy/time');
      await api.post('/_eddy/events/StartReplay', {
        ReplayName: `${archive.ArchiveName}-${now.replace(/\D/g, '').slice(0, 14)}`.slice(0, 64),
        EventSourceArn: archive.EventSourceArn.replace(/event-bus\/.*$/, `archive/${archive.ArchiveName}`),
        EventStartTime: archive.CreationTime,
        EventEndTime: Math.ceil(Date.parse(now) / 1000),
        Destination: { Arn: archive.EventSourceArn },
      });
      reload();
    } catch (problem) {
      setFailure(problem);
    }
  };
  return (
    <section class="panel flush">
      <h2>Archives and replays</h2>
      <ErrorNote error={failure ?? error} />
      <table class="grid" data-list="archives">
        <thead><tr><th>Archive</th><th>Bus</th><th>State</th><th class="num">Events</th><th>Retention</th><th>Created</th><th /></tr></thead>
        <tbody>
          {data.archives.map((a) => (
            <tr key={a.ArchiveName} data-archive={a.ArchiveName}>
              <td class="strong">{a.ArchiveName}</td>
              <td>{a.EventSourceArn.split('/').pop()}</td>
              <td><Badge tone={a.State === 'ENABLED' ? 'green' : 'plain'}>{a.State}</Badge></td>
              <td class="num">{(a.EventCount ?? 0).toLocaleString()}</td>
              <td>{a.RetentionDays ? `${a.RetentionDays} days` : 'forever'}</td>
              <td class="mono small">{when(a.CreationTime)}</td>
              <td class="actions"><button onClick={() => replay(a)} data-action="replay">Replay all</button></td>
            </tr>
          ))}
        </tbody>
      </table>
      {data.replays.length > 0 && (
        <table class="grid" data-list="replays">
          <thead><tr><th>Replay</th><th>Archive</th><th>State</th><th>Window</th><th>Started</th><th>Ended</th></tr></thead>
          <tbody>
            {data.replays.map((r) => (
              <tr key={r.ReplayName} data-replay={r.ReplayName} data-replay-state={r.State}>
                <td class="strong">{r.ReplayName}</td>
                <td>{r.EventSourceArn.split('/').pop()}</td>
                <td><Badge tone={REPLAY_TONES[r.State] ?? 'plain'} title={r.StateReason}>{r.State}</Badge></td>
                <td class="mono small">{when(r.EventStartTime)} → {when(r.EventEndTime)}</td>
                <td class="mono small">{when(r.ReplayStartTime)}</td>
                <td class="mono small">{when(r.ReplayEndTime)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
