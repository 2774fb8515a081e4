// The crash soak's report: the figures of each period between kills, the totals, and each check with its
// violations (the first 20 of each).

const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;
const count = (n) => n.toLocaleString('en-US');

/**
 * @param {object} run
 * @param {number} run.seed
 * @typedef {{ caught: Record<string, number>, caughtUpMs?: number, killedMeanwhile?: boolean }} CatchUp  ms from a restart (or the end
 *   of the load) until each function, and both, had delivered the markers written right after it
 * @param {({ loadMs: number, readyMs: number, inFlight?: number } & Partial<CatchUp>)[]} run.phases
 * @param {import('./soak-workload.mjs').WriteLoad} run.load
 * @param {import('./soak-stream.mjs').Shard[]} run.shards
 * @param {number} run.rotations
 * @param {ReturnType<typeof import('./soak-stream.mjs').checkStream>} run.streamCheck
 * @param {ReturnType<typeof import('./soak-table.mjs').checkTable>} run.tableCheck
 * @param {Record<string, ReturnType<typeof import('./soak-deliveries.mjs').checkDeliveries> & { torn: number }>} run.deliveryChecks
 * @param {CatchUp} run.drain
 * @param {number} run.runMs
 * @returns {boolean} whether any check failed
 */
export function printReport({ seed, phases, load, shards, rotations, streamCheck, tableCheck, deliveryChecks, drain, runMs }) {
  const requests = load.requests;
  const acked = requests.filter((r) => r.status === 'acked');
  const inFlight = requests.filter((r) => r.status === 'in-flight' && r.kill !== 0);
  const strays = requests.filter((r) => r.status === 'in-flight' && r.kill === 0);
  const refused = requests.filter((r) => r.status === 'refused');
  const fateOf = (r) => {
    const fates = r.ops.map((op) => streamCheck.applied.get(op));
    return fates.some((f) => f === true) ? 'applied' : fates.some((f) => f === false) ? 'not applied' : 'no change';
  };
  const byFate = (list) => ['applied', 'not applied', 'no change'].map((fate) => `${list.filter((r) => fateOf(r) === fate).length} ${fate}`).join(', ');
  const changes = requests.reduce((n, r) => n + r.ops.length, 0);
  const actions = ['PutItem', 'UpdateItem', 'DeleteItem', 'TransactWriteItems'].map((a) => `${count(requests.filter((r) => r.action === a).length)} ${a}`);

  const caughtUp = (c) =>
    c.caughtUpMs === undefined
      ? 'never'
      : `${seconds(c.caughtUpMs)} (${Object.entries(c.caught).map(([name, ms]) => `${name} ${seconds(ms)}`).join(', ')})${c.killedMeanwhile ? ', after the next kill' : ''}`;
  console.log(`\n| period | load | writes acknowledged | writes in flight at the kill | restart → ready | restart → triggers caught up |`);
  console.log('| --- | --- | --- | --- | --- | --- |');
  phases.forEach((p, i) => {
    const caught = i === 0 ? '' : caughtUp(p);
    const label = i === 0 ? '1 (first start)' : `${i + 1} (after kill ${i})`;
    const ready = i === 0 ? `(start: ${seconds(p.readyMs)})` : seconds(p.readyMs);
    console.log(`| ${label} | ${seconds(p.loadMs)} | ${count(acked.filter((r) => r.period === i).length)} | ${p.inFlight ?? '(stopped cleanly)'} | ${ready} | ${caught} |`);
  });
  console.log(`
writes:   ${count(requests.length)} requests (${count(changes)} item changes; ${actions.join(', ')})
          ${count(acked.length)} acknowledged, ${refused.length} refused, ${inFlight.length} in flight at a kill (${byFate(inFlight)})
stream:   ${count(streamCheck.records)} records in ${shards.length} shards (${rotations} rotations)
table:    ${count(tableCheck.items)} items at the end
triggers: caught up ${caughtUp(drain)} after the load stopped`);
  for (const [name, c] of Object.entries(deliveryChecks)) {
    console.log(
      `  ${name.padEnd(7)} ${count(c.deliveries)} records delivered in ${count(c.batches)} batches; ${c.duplicates} duplicates, ` +
        `from ${c.redeliveredBatches} batches in flight at a kill (of ${c.inFlightBatches} that could have been)${c.torn ? `; ${c.torn} torn lines` : ''}`,
    );
  }
  console.log(`  (a batch that could be in flight at a kill: the last batch a function received on a shard before the kill. A shard's
  checkpoint moves only once its batch has succeeded, so that batch alone may come again: after the restart, before
  any newer record of its shard. Any other duplicate fails the check.)
run time: ${seconds(runMs)}, seed ${seed}\n`);

  const checks = [
    ['every acknowledged write in the table', tableCheck.violations],
    ['stream: each change once, per-key order, lineage', streamCheck.violations],
    ...Object.entries(deliveryChecks).map(([name, c]) => [`trigger ${name}: every record at least once, in key order, duplicates only from batches in flight`, c.violations]),
  ];
  if (strays.length > 0) checks.push(['no write goes unanswered outside a kill', strays.slice(0, 5).map((r) => `#${r.id} ${r.action}: ${r.error}`)]);
  if (refused.length > 0) checks.push(['no write refused', refused.slice(0, 5).map((r) => `#${r.id} ${r.action}: ${r.error}`)]);
  let failed = false;
  for (const [name, violations] of checks) {
    console.log(`${violations.length === 0 ? 'ok  ' : 'FAIL'} ${name}${violations.length ? ` (${violations.length})` : ''}`);
    for (const v of violations.slice(0, 20)) console.log(`       ${v}`);
    failed ||= violations.length > 0;
  }
  return failed;
}
