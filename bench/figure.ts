/**
 * One benchmark figure. `npm run bench` runs every figure of every `bench/*.bench.ts` file
 * (or those whose names start with the prefix given) and prints one JSON line each.
 */
export interface FigureResult {
  value: number;
  unit: string;
  /** Anything that helps read the number: sample size, machine facts, the target. */
  [extra: string]: unknown;
}

export interface Figure {
  /** Dotted name, e.g. `platform.seed.events_per_s`. */
  name: string;
  run(): Promise<FigureResult>;
}

/**
 * A group of figures that share an expensive setup (a seeded server, a big SQLite file).
 * `setup` runs only when at least one of its figures is selected.
 */
export interface FigureGroup {
  names: string[];
  run(selected: (name: string) => boolean, emit: (name: string, result: FigureResult) => void): Promise<void>;
}
