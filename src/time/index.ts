/** Time control owns Eddy's clock on a running Eddy — the wall clock plus a stored offset — its moves (`eddy time`) and what runs after a jump. */
export { ControlledClock, type ControlledTimeChange, type TimeChangeCause } from './controlled-clock.js';
export { TimeControl, type TimeJump, type TimePass, type TimeView } from './time-control.js';
export { timePasses, type TimeDrivenParts } from './time-passes.js';
export { TimeMovesForwardOnlyError, timeErrors } from './time-errors.js';
export { formatOffset, parseDuration, parseInstant } from './duration.js';
