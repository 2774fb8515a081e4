import { render } from 'preact';
import './styles.css';
import { Shell } from './shell.jsx';
import { SessionGate } from './session.jsx';

render(
  <SessionGate>
    <Shell />
  </SessionGate>,
  document.getElementById('app'),
);
