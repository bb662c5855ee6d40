import { readdir } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';
import type { Figure, FigureGroup, FigureResult } from './figure';

/** Usage: `npm run bench [-- PREFIX]`. Prints one JSON object per line per figure. */
const prefix = process.argv[2] ?? '';
const selected = (name: string): boolean => name.startsWith(prefix);
const emit = (name: string, result: FigureResult): void => {
  process.stdout.write(`${JSON.stringify({ name, ...result })}\n`);
};

const here = path.dirname(fileURLToPath(import.meta.url));
const files = (await readdir(here)).filter((f) => f.endsWith('.bench.ts')).sort();
let ran = 0;
for (const file of files) {
  const mod = (await import(pathToFileURL(path.join(here, file)).href)) as {
    figures?: Figure[];
    groups?: FigureGroup[];
  };
  for (const figure of mod.figures ?? []) {
    if (!selected(figure.name)) continue;
    emit(figure.name, await figure.run());
    ran += 1;
  }
  for (const group of mod.groups ?? []) {
    if (!group.names.some(selected)) continue;
    await group.run(selected, (name, result) => {
      emit(name, result);
      ran += 1;
    });
  }
}
if (ran === 0) {
  process.stderr.write(`No figure's name starts with "${prefix}".\n`);
  process.exitCode = 1;
}
