// Matching at scale (issue 16): events/s of the rule-set matcher (compileRuleSet) against 10 / 100 /
// 1,000 / 10,000 rules, beside the naive loop that asks each rule's compiled pattern in turn (what a bus
// would do without it). One process, one thread, no I/O: the figure is the CPU cost of matching alone,
// in events per CPU second.
// Workload: bench/lib/matching-workload.mjs. Before measuring, both answers are compared on the first
// 2,000 events (--check).
//
// Usage: npm run bench:matching -- [--counts 10,100,1000,10000] [--events 20000] [--seconds 2]
//        [--naive-seconds 1] [--rounds 3] [--check 2000]
// (pin it to one CPU for steadier figures: taskset -c 1 npm run bench:matching)
import assert from 'node:assert/strict';
import { parseArgs } from 'node:util';
import { compilePattern, compileRuleSet } from '../dist/patterns/index.js';
import { generateEvents, generateRules } from './lib/matching-workload.mjs';

const { values: flags } = parseArgs({
  options: {
    counts: { type: 'string', default: '10,100,1000,10000' },
    events: { type: 'string', default: '20000' },
    seconds: { type: 'string', default: '2' },
    'naive-seconds': { type: 'string', default: '1' },
    rounds: { type: 'string', default: '3' },
    check: { type: 'string', default: '2000' },
  },
});
const counts = flags.counts.split(',').map(Number);
const rounds = Number(flags.rounds);
const events = generateEvents(Number(flags.events));

/**
 * Matches events in a loop for about `seconds` of this process's CPU time; returns events per CPU second
 * (user + system, every thread: GC included) and the rules matched per event. CPU time rather than wall
 * time, because the machine is shared: other processes take wall time away, hardly CPU time.
 */
function measure(match, seconds) {
  let done = 0;
  let matched = 0;
  const budget = seconds * 1e6;
  const started = process.cpuUsage();
  let used = 0;
  while (used < budget) {
    // Read the CPU clock every 500 events, so that reading it costs nothing measurable.
    for (let i = 0; i < 500; i++) {
      matched += match(events[done % events.length]).length;
      done++;
    }
    const cpu = process.cpuUsage(started);
    used = cpu.user + cpu.system;
  }
  return { perSecond: done / (used / 1e6), perEvent: matched / done };
}

function naiveMatcher(rules) {
  const compiled = rules.map((rule) => ({ id: rule.id, pattern: compilePattern(rule.pattern) }));
  return (event) => {
    const ids = [];
    for (const rule of compiled) if (rule.pattern.matches(event)) ids.push(rule.id);
    return ids;
  };
}

const fmt = (n) => Math.round(n).toLocaleString('en-US');
console.log(`${events.length.toLocaleString('en-US')} events, ${rounds} rounds of ${flags.seconds} s (naive loop: ${flags['naive-seconds']} s), best round reported; Node ${process.version}`);
const rows = [];
for (const count of counts) {
  const rules = generateRules(count);
  const compileStarted = process.cpuUsage();
  const set = compileRuleSet(rules);
  const compileCpu = process.cpuUsage(compileStarted);
  const compileMs = (compileCpu.user + compileCpu.system) / 1000;
  const naive = naiveMatcher(rules);
  // The two must agree before either is timed.
  let matching = 0;
  const checked = events.slice(0, Number(flags.check));
  for (const event of checked) {
    const ids = set.matches(event);
    assert.deepEqual(ids, naive(event), `rule set and naive loop disagree on ${JSON.stringify(event)}`);
    if (ids.length > 0) matching++;
  }
  const best = { set: undefined, naive: undefined };
  for (let round = 1; round <= rounds; round++) {
    const s = measure((event) => set.matches(event), Number(flags.seconds));
    const n = measure(naive, Number(flags['naive-seconds']));
    if (!best.set || s.perSecond > best.set.perSecond) best.set = s;
    if (!best.naive || n.perSecond > best.naive.perSecond) best.naive = n;
    console.log(`${String(count).padStart(6)} rules, round ${round}: rule set ${fmt(s.perSecond)} events/s, naive ${fmt(n.perSecond)} events/s`);
  }
  rows.push({ count, compileMs, matchingShare: matching / checked.length, ...best });
}

console.log('\n| Rules | rule set (events/s) | naive loop (events/s) | speed-up | rules matched per event | events matching ≥ 1 rule | compileRuleSet (CPU) |');
console.log('| --- | --- | --- | --- | --- | --- | --- |');
for (const row of rows) {
  console.log(
    `| ${row.count.toLocaleString('en-US')} | **${fmt(row.set.perSecond)}** | ${fmt(row.naive.perSecond)} | ${(row.set.perSecond / row.naive.perSecond).toFixed(1)}× | ` +
      `${row.set.perEvent.toFixed(2)} | ${(100 * row.matchingShare).toFixed(0)} % | ${row.compileMs.toFixed(0)} ms |`,
  );
}
