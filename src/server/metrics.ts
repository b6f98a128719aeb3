/**
 * Prometheus metrics of `fdr serve`, in the text exposition format (0.0.4).
 *
 * @module
 */

type Labels = Readonly<Record<string, string>>;

const escapeLabel = (value: string): string => value.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
const labelText = (labels: Labels): string => {
  const entries = Object.entries(labels);
  return entries.length === 0 ? "" : `{${entries.map(([key, value]) => `${key}="${escapeLabel(value)}"`).join(",")}}`;
};

/** A counter family: one value per label set. */
class Counter {
  private readonly values = new Map<string, number>();
  constructor(
    readonly name: string,
    readonly help: string,
  ) {}
  inc(labels: Labels = {}, by = 1): void {
    const key = labelText(labels);
    this.values.set(key, (this.values.get(key) ?? 0) + by);
  }
  value(labels: Labels = {}): number {
    return this.values.get(labelText(labels)) ?? 0;
  }
  render(type = "counter"): string[] {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} ${type}`];
    for (const [key, value] of this.values) lines.push(`${this.name}${key} ${value}`);
    return lines;
  }
}

/** Upper bounds of the decision latency histogram, in seconds. */
export const LATENCY_BUCKETS: readonly number[] = [0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500].map((ms) => ms / 1000);

/** A histogram without labels. */
class Histogram {
  private readonly counts = LATENCY_BUCKETS.map(() => 0);
  private sum = 0;
  private count = 0;
  constructor(
    readonly name: string,
    readonly help: string,
  ) {}
  observe(seconds: number): void {
    for (let index = 0; index < LATENCY_BUCKETS.length; index++)
      if (seconds <= (LATENCY_BUCKETS[index] as number)) (this.counts[index] as number)++;
    this.sum += seconds;
    this.count++;
  }
  render(): string[] {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    LATENCY_BUCKETS.forEach((bound, index) => lines.push(`${this.name}_bucket{le="${bound}"} ${this.counts[index]}`));
    lines.push(`${this.name}_bucket{le="+Inf"} ${this.count}`, `${this.name}_sum ${this.sum}`, `${this.name}_count ${this.count}`);
    return lines;
  }
}

/** Every metric the server keeps. */
export class Metrics {
  /** Requests by route, method and status. */
  readonly requests = new Counter("fdr_http_requests_total", "HTTP requests by route, method and status code.");
  /** Time to make one decision (single-case route), seconds. */
  readonly decisionSeconds = new Histogram(
    "fdr_decision_duration_seconds",
    "Time to evaluate one case on the single-case route, in seconds.",
  );
  /** Decisions by pack id and version (both routes). */
  readonly decisions = new Counter("fdr_decisions_total", "Decisions made, by pack id and version (single-case and batch routes).");
  /** Issues returned, by issue code. */
  readonly errors = new Counter("fdr_errors_total", "Issues returned to clients (error responses and batch error records), by issue code.");
  /** Pack reloads by result. */
  readonly reloads = new Counter("fdr_pack_reloads_total", "Pack folder reloads, by result (success or failure).");
  /** Batch records by kind. */
  readonly batchRecords = new Counter("fdr_batch_records_total", "Batch records written, by kind (decision or error).");
  private readonly gauges = new Map<string, { help: string; read: () => number }>();

  /** Registers a gauge read when metrics are rendered. */
  gauge(name: string, help: string, read: () => number): void {
    this.gauges.set(name, { help, read });
  }

  /** The metrics as Prometheus text. */
  render(): string {
    const lines = [
      ...this.requests.render(),
      ...this.decisionSeconds.render(),
      ...this.decisions.render(),
      ...this.errors.render(),
      ...this.reloads.render(),
      ...this.batchRecords.render(),
    ];
    for (const [name, { help, read }] of this.gauges) lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`, `${name} ${read()}`);
    return lines.join("\n") + "\n";
  }
}
