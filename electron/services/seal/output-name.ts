import { basename, dirname, extname, join } from 'node:path';

/**
 * What SealDesk's own steps add to a name, with the number a taken name once got: 通知-已签发-已盖章-2 → 通知.
 * Built from strings, which the Node bundles escape (a pattern literal would not be, build/bundle-node.mjs).
 */
const STEP_SUFFIXES = new RegExp(`(?:-(?:${['已签发', '已盖章', '已修复'].join('|')})(?:-\\d+)?)+$`, 'u');

export type OutputStep = '已签发' | '已盖章' | '已修复';

/** 通知.pdf → 通知-已盖章.pdf beside it (or in `outDir`); a number is added until the name is free. */
export function suggestOutputPath(input: string, suffix: string, exists: (path: string) => boolean, outDir?: string): string {
  const stem = basename(input, extname(input));
  const dir = outDir ?? dirname(input);
  for (let n = 1; ; n++) {
    const candidate = join(dir, `${stem}-${suffix}${n === 1 ? '' : `-${n}`}.pdf`);
    if (!exists(candidate)) return candidate;
  }
}

/** One output per input, none taking an existing file's name or another output's. */
export function suggestOutputPaths(
  inputs: readonly string[],
  suffix: string,
  exists: (path: string) => boolean,
  outDir?: string,
): string[] {
  const taken = new Set<string>();
  return inputs.map((input) => {
    const output = suggestOutputPath(input, suffix, (path) => taken.has(path) || exists(path), outDir);
    taken.add(output);
    return output;
  });
}

/** The name the document had before SealDesk's steps: 通知-已签发.pdf and 通知-已签发-已盖章-2.pdf are both 通知. */
export function originalStem(input: string): string {
  const stem = basename(input, extname(input));
  return stem.replace(STEP_SUFFIXES, '') || stem;
}

/**
 * The window's outputs, derived once from the original name: 通知-已签发.pdf sealed is 通知-已盖章.pdf, never
 * 通知-已签发-已盖章.pdf. An existing file keeps its name here (the user is asked before it is replaced);
 * only two inputs of one batch that would share a name are told apart by a number.
 */
export function derivedOutputPaths(inputs: readonly string[], step: OutputStep, outDir?: string): string[] {
  const originals = inputs.map((input) => join(dirname(input), `${originalStem(input)}.pdf`));
  return suggestOutputPaths(originals, step, () => false, outDir);
}

/** Where a step writes: the name the user gave for a single input, else each one derived from its original. */
export function stepOutputPaths(
  inputs: readonly string[],
  step: OutputStep,
  chosen: { output?: string | undefined; outDir?: string | undefined } = {},
): string[] {
  if (chosen.output !== undefined && inputs.length === 1) return [chosen.output];
  return derivedOutputPaths(inputs, step, chosen.outDir);
}
