import { CounterFamily, GaugeFamily, HistogramFamily, type MetricFamily } from './instruments.js';

/** A family a collector sets afresh at every scrape: gauges, or counters whose source keeps its own totals. */
export type CollectedFamily = GaugeFamily | CounterFamily;

/** Reads state at scrape time (gauges from storage); may throw, which leaves its gauges out of that scrape. */
export type Collector = () => Promise<void>;

/**
 * The metric families of one Eddy node, rendered in the text exposition format. No global: startEddy
 * makes one and hands its instruments to what counts, so two Eddys in one process (tests, clusters in a
 * test) count apart.
 */
export class MetricsRegistry {
  readonly #families: MetricFamily[] = [];
  readonly #names = new Set<string>();
  readonly #collectors: { readonly collect: Collector; readonly families: readonly CollectedFamily[] }[] = [];
  /** The scrape in progress: scrapes run one after another, as each clears the gauges it sets. */
  #scraping: Promise<unknown> = Promise.resolve();

  counter(name: string, help: string, labelNames: readonly string[] = []): CounterFamily {
    return this.#add(new CounterFamily(name, help, labelNames));
  }

  gauge(name: string, help: string, labelNames: readonly string[] = []): GaugeFamily {
    return this.#add(new GaugeFamily(name, help, labelNames));
  }

  histogram(name: string, help: string, labelNames: readonly string[], bounds: readonly number[]): HistogramFamily {
    return this.#add(new HistogramFamily(name, help, labelNames, bounds));
  }

  /**
   * `collect` sets `families` afresh at every scrape (they are cleared before it runs). A counter among
   * them is read from a source that counts itself (Counter.observe), never incremented here.
   */
  collect(families: readonly CollectedFamily[], collect: Collector): void {
    this.#collectors.push({ collect, families });
  }

  /**
   * Runs the collectors side by side, then renders every family. A collector that fails (storage
   * unreachable) is reported to `failed` and its gauges are left out: the counters still answer.
   */
  scrape(failed: (error: unknown) => void = () => {}): Promise<string> {
    const scraped = this.#scraping.then(() => this.#scrapeOnce(failed));
    this.#scraping = scraped.catch(() => {});
    return scraped;
  }

  async #scrapeOnce(failed: (error: unknown) => void): Promise<string> {
    await Promise.all(
      this.#collectors.map(async ({ collect, families }) => {
        for (const family of families) family.clear();
        try {
          await collect();
        } catch (error) {
          for (const family of families) family.clear();
          failed(error);
        }
      }),
    );
    return this.render();
  }

  /** Every family as it is now, without running the collectors. */
  render(): string {
    const lines: string[] = [];
    for (const family of this.#families) family.render(lines);
    return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
  }

  #add<F extends MetricFamily>(family: F): F {
    if (this.#names.has(family.name)) throw new Error(`metric ${family.name} is registered twice`);
    this.#names.add(family.name);
    this.#families.push(family);
    return family;
  }
}
