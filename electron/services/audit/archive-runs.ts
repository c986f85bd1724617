import type { ClosedRun } from './archive.ts';
import type { LinesRead } from './chain.ts';

/**
 * The live ledger's first records whose year has closed, in runs of one year each. A record dated before
 * the one before it (a clock set back) joins the later year, so years never go backwards from one archive
 * to the next; the first record of the current year ends the runs. `live` must hold every line, opened.
 */
export function closedRuns(lines: readonly string[], live: LinesRead, previous: string, now: Date): ClosedRun[] {
  const runs: ClosedRun[] = [];
  let year = -Infinity;
  for (const [index, entry] of live.entries.entries()) {
    year = Math.max(year, new Date(entry.record.time).getFullYear());
    const line = lines[index];
    const hash = live.hashes[index];
    if (year >= now.getFullYear() || line === undefined || hash === null || hash === undefined) break;
    const run = runs.at(-1);
    if (run?.year === year) {
      run.lines.push(line);
      run.entries.push(entry);
      run.last = hash;
    } else runs.push({ year, lines: [line], entries: [entry], previous: run?.last ?? previous, last: hash });
  }
  return runs;
}
