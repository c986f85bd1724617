import { setFlagsFromString } from 'node:v8';

const SMALL_YOUNG_GENERATION = '--semi-space-growth-factor=1';
let keptSmall = false;

/**
 * V8 doubles its young generation whenever objects survive a scavenge, up to 16 MB per semi-space, and
 * the pages it grew into stay resident: evaluating the app's modules and then sealing a 200 MB file
 * took the service process 6–9 MB over what its objects need (peak 108 MB, where this keeps it at 99).
 * Kept at its first size (1 MB per semi-space) it is scavenged more often, at no measurable cost in
 * a seal's or a batch's CPU time. `--max-semi-space-size` would say the same but V8 reads it only when it
 * makes the heap, before any code runs; the growth factor is read at each growth, so setting it at run
 * time takes effect. A V8 that holds the factor at 2 or more ignores it.
 */
export function keepYoungGenerationSmall(): void {
  keptSmall = true;
  setFlagsFromString(SMALL_YOUNG_GENERATION);
}

/**
 * A new isolate (a worker's) puts V8's growth factor back to 2 as it starts, for every thread and at a
 * moment of the worker's thread: a batch then grew the service's young generation to 32 MB again. Whoever starts a worker calls this once
 * the worker runs, so a process that keeps its young generation small goes on doing so, and one that never
 * asked (the CLI, whose code cache V8 refuses under other flags) is left as it was.
 */
export function afterWorkerStarted(): void {
  if (keptSmall) setFlagsFromString(SMALL_YOUNG_GENERATION);
}
