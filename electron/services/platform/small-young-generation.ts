// Imported first by each entry that keeps the services running (desktop main, web shell, the bench's service),
// before any other module is evaluated: what it changes applies to the objects allocated from then on. Not by
// the CLI: V8 refuses a code cache made under other flags, and the CLI starts from one (bin/code-cache.mjs).
import { setFlagsFromString } from 'node:v8';

/**
 * V8 doubles its young generation whenever objects survive a scavenge, up to 16 MB per semi-space, and
 * the pages it grew into stay resident: evaluating the app's modules and then sealing a 200 MB file
 * took the service process 6–9 MB over what its objects need (peak 108 MB, where this keeps it at 99).
 * Kept at its first size (1 MB per semi-space) it is scavenged more often, at no measurable cost in
 * a seal's CPU time. `--max-semi-space-size` would say the same but V8 reads it only when it makes the
 * heap, before any code runs; the growth factor is read at each growth, so setting it here takes effect
 * (also in the token worker's isolate, made later). A V8 that holds the factor at 2 or more ignores it.
 */
setFlagsFromString('--semi-space-growth-factor=1');
