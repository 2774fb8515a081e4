import { useEffect, useState } from 'preact/hooks';
import { api, onConnection } from './api.js';
import { href, useRoute } from './route.js';
import { Overview } from './overview.jsx';
import { Tables } from './tables/tables.jsx';
import { Streams } from './streams/streams.jsx';
import { Mappings } from './mappings.jsx';
import { Functions } from './functions.jsx';
import { Queues } from './queues.jsx';
import { Bus } from './bus.jsx';
import { Time } from './time.jsx';
import { ProgressBar } from './progress.jsx';
import { SignOut } from './session.jsx';

const VIEWS = [
  { id: 'overview', label: 'Overview', icon: 'M3 3h4v4H3zM9 9h4v4H9zM7 5h3v4', view: Overview },
  { id: 'tables', label: 'Tables', icon: 'M2 3h12v10H2zM2 6h12M2 9h12M6 3v10', view: Tables },
  { id: 'streams', label: 'Streams', icon: 'M2 5c3-3 5 3 8 0s4 0 4 0M2 9c3-3 5 3 8 0s4 0 4 0M2 13c3-3 5 3 8 0', view: Streams },
  { id: 'mappings', label: 'Mappings & pipes', icon: 'M2 8h4M10 8h4M6 5l4 3-4 3z', view: Mappings },
  { id: 'functions', label: 'Functions', icon: 'M6 2C4 2 5 8 3 8c2 0 1 6 3 6M10 2c2 0 1 6 3 6-2 0-1 6-3 6', view: Functions },
  { id: 'queues', label: 'Queues', icon: 'M2 4h12M2 8h12M2 12h8', view: Queues },
  { id: 'bus', label: 'Event bus', icon: 'M8 2v12M3 5l5 3 5-3M3 11l5-3 5 3', view: Bus },
  { id: 'time', label: 'Time', icon: 'M8 2a6 6 0 1 0 0 12A6 6 0 0 0 8 2zM8 5v3l2 2', view: Time },
];

export function Shell() {
  const route = useRoute();
  const current = VIEWS.find((v) => v.id === route.view) ?? VIEWS[0];
  const View = current.view;
  useEffect(() => {
    document.title = `${current.label} · Eddy`;
  }, [current]);
  return (
    <div class="shell">
      <nav class="sidebar">
        <a class="brand" href={href('overview')}>
          <svg viewBox="0 0 16 16" width="18" height="18" aria-hidden="true">
            <path d="M8 2a6 6 0 1 0 6 6" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" />
            <path d="M8 5a3 3 0 1 0 3 3" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" />
          </svg>
          <span>Eddy</span>
        </a>
        {VIEWS.map((v) => (
          <a key={v.id} href={href(v.id)} class={v.id === current.id ? 'nav active' : 'nav'} data-view={v.id}>
            <svg viewBox="0 0 16 16" width="15" height="15" aria-hidden="true">
              <path d={v.icon} fill="none" stroke="currentColor" stroke-width="1.4" stroke-linejoin="round" />
            </svg>
            {v.label}
          </a>
        ))}
        <div class="sidebar-foot">
          <Connection />
          <SignOut />
        </div>
      </nav>
      <div class="main">
        <header class="topbar">
          <h1>{current.label}</h1>
          <Clock />
        </header>
        <ProgressBar />
        <main class="content">
          <View params={route.params} />
        </main>
      </div>
    </div>
  );
}

/** Whether the last request reached Eddy. */
function Connection() {
  const [online, setOnline] = useState(true);
  useEffect(() => onConnection(setOnline), []);
  return (
    <span class={online ? 'connection online' : 'connection offline'} data-connection={online ? 'online' : 'offline'}>
      <i />
      {online ? 'Connected' : 'Disconnected'}
    </span>
  );
}

/**
 * Eddy's clock (which may be moved away from the wall clock by `eddy time`), read every few seconds and
 * ticked locally between reads so the seconds move.
 */
function Clock() {
  const [time, setTime] = useState(undefined);
  const [, tick] = useState(0);
  useEffect(() => {
    let alive = true;
    const read = () =>
      api.get('/_eddy/time').then(
        (view) => alive && setTime({ offsetMs: Date.parse(view.now) - Date.now(), offset: view.offset, shifted: view.offsetMs !== 0 }),
        () => {},
      );
    read();
    const reader = setInterval(read, 5000);
    const ticker = setInterval(() => tick((n) => n + 1), 1000);
    return () => {
      alive = false;
      clearInterval(reader);
      clearInterval(ticker);
    };
  }, []);
  if (!time) return <span class="clock" />;
  const now = new Date(Date.now() + time.offsetMs).toISOString().replace('T', ' ').slice(0, 19);
  return (
    <span class={time.shifted ? 'clock shifted' : 'clock'} title={time.shifted ? `Eddy's clock is ${time.offset} from the wall clock` : "Eddy's clock (UTC)"} data-clock>
      {now} UTC{time.shifted && <em>{time.offset}</em>}
    </span>
  );
}
