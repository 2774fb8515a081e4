import { alternativeKeys } from './alternative-keys.js';
import { PathIndex } from './path-index.js';
import type { Alternative } from './flatten-pattern.js';

/** Receives a candidate alternative; `proven`: the keys hit already show it matches (no need to verify). */
export type CandidateSink = (alternative: number, proven: boolean) => void;

const MAX_EPOCH = 0xffffffff;
// An alternative is filed under each (gate key, second key) pair, unless that makes more pairs than this.
const MAX_PAIRS = 16;

/**
 * Alternatives (of all the rules of a set) filed by the keys their leaves need (see alternativeKeys):
 * under a pair of keys — one of their gate group and one of their second group — or under a gate key
 * alone when they have one group. For an event, the {@link PathIndex} reports every key hit; the
 * alternatives filed under a hit key alone, or under two hit keys, are candidates, and those whose other
 * groups are hit too are handed on. An alternative whose leaves all have exact keys, hit through no array
 * of objects, is proven. Alternatives without any key are `unindexed`: every event is a candidate for them.
 */
export class AlternativeIndex {
  readonly unindexed: readonly number[];
  readonly #paths = new PathIndex();
  readonly #alone: (number[] | undefined)[]; // key → alternatives filed under it alone
  readonly #paired: (Map<number, number[]> | undefined)[]; // key → second key → alternatives
  readonly #groupStart: Int32Array; // alternative → its first group (in #keyStart)
  readonly #keyStart: Int32Array; // group → its first key (in #keys)
  readonly #keys: Int32Array;
  readonly #exact: Uint8Array;
  // 1 when the groups the alternative is filed by are all its groups: gathering it proves them hit.
  readonly #filedByAll: Uint8Array;
  // Per-event marks: a key (alternative) whose mark equals `#epoch` was hit (gathered) for this event.
  readonly #hit: Uint32Array;
  readonly #crossed: Uint32Array;
  readonly #gathered: Uint32Array;
  readonly #hits: number[] = [];
  #epoch = 0;

  constructor(alternatives: readonly Alternative[]) {
    const keyed = alternativeKeys(alternatives, this.#paths);
    const keyCount = this.#paths.size;
    this.#alone = new Array<number[] | undefined>(keyCount);
    this.#paired = new Array<Map<number, number[]> | undefined>(keyCount);
    const unindexed: number[] = [];
    this.#filedByAll = new Uint8Array(alternatives.length);
    keyed.forEach(({ groups, gate, second }, n) => {
      if (!gate) return void unindexed.push(n);
      const seconds = second && gate.length * second.length <= MAX_PAIRS ? new Set(second) : undefined;
      this.#filedByAll[n] = groups.length === (seconds ? 2 : 1) ? 1 : 0;
      for (const key of new Set(gate)) {
        if (!seconds) {
          (this.#alone[key] ??= []).push(n);
          continue;
        }
        const paired = (this.#paired[key] ??= new Map());
        for (const secondKey of seconds) {
          const filed = paired.get(secondKey);
          if (filed) filed.push(n);
          else paired.set(secondKey, [n]);
        }
      }
    });
    // Alternative n's groups are #groupStart[n] … #groupStart[n + 1] − 1; group g's keys likewise.
    this.#groupStart = new Int32Array(alternatives.length + 1);
    const keyStart: number[] = [];
    const keys: number[] = [];
    keyed.forEach(({ groups }, n) => {
      this.#groupStart[n] = keyStart.length;
      for (const group of groups) {
        keyStart.push(keys.length);
        keys.push(...group);
      }
    });
    this.#groupStart[alternatives.length] = keyStart.length;
    keyStart.push(keys.length);
    this.#keyStart = Int32Array.from(keyStart);
    this.#keys = Int32Array.from(keys);
    this.#exact = Uint8Array.from(keyed, ({ exact }) => (exact ? 1 : 0));
    this.unindexed = unindexed;
    this.#hit = new Uint32Array(keyCount);
    this.#crossed = new Uint32Array(keyCount);
    this.#gathered = new Uint32Array(alternatives.length);
  }

  /** Hands `sink` each alternative (but the unindexed) whose every group some value of `event` hits. */
  collect(event: unknown, sink: CandidateSink): void {
    if (this.#epoch === MAX_EPOCH) {
      for (const marks of [this.#hit, this.#crossed, this.#gathered]) marks.fill(0);
      this.#epoch = 0;
    }
    const epoch = ++this.#epoch;
    const hits = this.#hits;
    hits.length = 0;
    this.#paths.collect(event, this.#onKey);
    // Every key hit is known now: gather what is filed under one hit key, or under two.
    for (let h = 0; h < hits.length; h++) {
      const key = hits[h]!;
      const alone = this.#alone[key];
      if (alone) this.#gather(alone, key, key, sink);
      const paired = this.#paired[key];
      if (!paired) continue;
      if (paired.size <= hits.length) {
        for (const [second, filed] of paired) if (this.#hit[second] === epoch) this.#gather(filed, key, second, sink);
      } else {
        for (let s = 0; s < hits.length; s++) {
          const filed = paired.get(hits[s]!);
          if (filed) this.#gather(filed, key, hits[s]!, sink);
        }
      }
    }
  }

  /** Hands on the alternatives `filed` under the hit keys `key` and `second` that have all groups hit. */
  #gather(filed: readonly number[], key: number, second: number, sink: CandidateSink): void {
    const epoch = this.#epoch;
    const crossed = this.#crossed[key] === epoch || this.#crossed[second] === epoch;
    for (let i = 0; i < filed.length; i++) {
      const n = filed[i]!;
      if (this.#gathered[n] === epoch) continue;
      this.#gathered[n] = epoch;
      if (this.#filedByAll[n] === 1) sink(n, this.#exact[n] === 1 && !crossed);
      else this.#check(n, sink);
    }
  }

  #check(n: number, sink: CandidateSink): void {
    const epoch = this.#epoch;
    let crossed = false;
    for (let group = this.#groupStart[n]!; group < this.#groupStart[n + 1]!; group++) {
      let hit = false;
      for (let k = this.#keyStart[group]!; k < this.#keyStart[group + 1]!; k++) {
        const key = this.#keys[k]!;
        if (this.#hit[key] !== epoch) continue;
        hit = true;
        if (this.#crossed[key] === epoch) crossed = true;
      }
      if (!hit) return;
    }
    sink(n, this.#exact[n] === 1 && !crossed);
  }

  readonly #onKey = (key: number, crossed: boolean): void => {
    if (crossed) this.#crossed[key] = this.#epoch;
    if (this.#hit[key] === this.#epoch) return;
    this.#hit[key] = this.#epoch;
    this.#hits.push(key);
  };
}
