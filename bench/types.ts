/** What every benchmark receives and returns. */
export interface BenchContext {
  /** Base URL of the running API process. */
  url: string;
  /** Length of each load phase. */
  seconds: number;
  env: NodeJS.ProcessEnv;
  say(message: string): void;
}

export interface BenchRow {
  label: string;
  values: Record<string, string | number>;
}

export interface BenchResult {
  name: string;
  title: string;
  columns: string[];
  rows: BenchRow[];
  /** Ratios and remarks printed under the table. */
  notes: string[];
  /** Machine-readable figures for the JSON file. */
  data: Record<string, unknown>;
}

/** Services a benchmark starts for itself before its API: what its processes must be told of them, and how to stop them. */
export interface BenchServices {
  env: NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

export interface Benchmark {
  name: string;
  /** Started before its API and worker; `env` is added to theirs (and to the context's). */
  setup?(context: { logDir: string; say(message: string): void }): Promise<BenchServices>;
  /** True: the harness starts no worker process, the benchmark runs the worker in its own process (to watch what it does). */
  ownWorker?: boolean;
  run(context: BenchContext): Promise<BenchResult>;
}
