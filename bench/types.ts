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

export interface Benchmark {
  name: string;
  run(context: BenchContext): Promise<BenchResult>;
}
