import { render } from 'preact';
import './styles.css';
import { Shell } from './shell.jsx';

render(<Shell />, document.getElementById('app'));
