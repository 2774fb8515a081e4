import { useEffect, useState } from 'preact/hooks';
import { href } from './route.js';
import './progress.css';

// Long work under way on any node (GSI backfills, replays), from GET /_eddy/progress/feed: a thin bar under
// the header while something runs, nothing otherwise.

const LABELS = { backfill: 'GSI backfill', replay: 'Replay', import: 'Import', export: 'Export' };

/** The tasks the feed last sent; the browser's EventSource reconnects by itself when Eddy comes back. */
export function useProgress() {
  const [tasks, setTasks] = useState([]);
  useEffect(() => {
    const feed = new EventSource('/_eddy/progress/feed');
    feed.addEventListener('progress', (event) => setTasks(JSON.parse(event.data).tasks));
    return () => feed.close();
  }, []);
  return tasks;
}

export function ProgressBar() {
  const tasks = useProgress();
  if (tasks.length === 0) return null;
  return (
    <div class="progress-bar" data-progress>
      {tasks.map((task) => (
        <ProgressTask key={`${task.kind}:${task.resource}`} task={task} />
      ))}
    </div>
  );
}

function ProgressTask({ task }) {
  const share = task.total ? Math.min(1, task.done / task.total) : task.state === 'running' ? undefined : 1;
  const link = task.kind === 'backfill' ? href('tables', task.resource.split('/')[0]) : task.kind === 'replay' ? href('bus') : undefined;
  const name = link ? <a href={link}>{task.resource}</a> : task.resource;
  return (
    <span class={`progress-task ${task.state}`} data-task={`${task.kind}:${task.resource}`} data-state={task.state}>
      <span class="progress-label">{LABELS[task.kind] ?? task.kind} {name}</span>
      <span class="progress-track" title={share === undefined ? 'under way' : `${Math.floor(share * 100)}%`}>
        <span class="progress-fill" style={{ width: `${Math.round((share ?? 0.05) * 100)}%` }} />
      </span>
      <span class="progress-count">{countText(task)}</span>
    </span>
  );
}

function countText(task) {
  if (task.state !== 'running') return task.state;
  if (task.unit === 'ms') return task.total ? `${Math.floor((100 * task.done) / task.total)}%` : '';
  return task.total === undefined ? `${task.done.toLocaleString()} ${task.unit}` : `${task.done.toLocaleString()} / ${task.total.toLocaleString()} ${task.unit}`;
}
