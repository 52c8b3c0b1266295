/**
 * A benchmark module: `evals/bench/<name>.ts` exporting `run(ctx)`, listed once in
 * `registry.ts`. Its `result` object is merged into the one JSON line `npm run bench --
 * --json` prints, so each module owns its top-level keys ("retrieval", "directline", ...).
 */
export interface BenchContext {
  /** A scratch directory for this run (deleted afterwards). */
  workDir: string;
  /** Every user message of every eval dataset, in file order. */
  questions: string[];
  /** Progress lines (stderr). */
  log(line: string): void;
}

export interface BenchOutput {
  result: Record<string, unknown>;
  /** Human-readable lines for the table. */
  table: string[];
}

export interface BenchModule {
  run(ctx: BenchContext): Promise<BenchOutput>;
}
