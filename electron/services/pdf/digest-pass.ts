import { open } from 'node:fs/promises';
import { AppError } from '../../../shared/errors.ts';
import { createContentHash, type ContentHash, type HashName } from '../pki/index.ts';

/** A half-open byte interval of the file: [start, end). */
export type ByteSpan = readonly [start: number, end: number];

/** One signature's digest: its hash over its byte spans, in file order. */
export interface SpanDigest {
  hash: HashName;
  spans: readonly ByteSpan[];
}

export interface DigestPass {
  /** Each request's digest, in request order. */
  digests: Buffer[];
  /** The whole-file hashes asked for, still open so that a signature can go on hashing past the file. */
  whole: ReadonlyMap<HashName, ContentHash>;
}

const CHUNK = 1024 * 1024;

/** A hash fed contiguously from offset 0 up to `end`; requests whose first span starts at 0 fork from it. */
interface Runner {
  hash: ContentHash;
  end: number;
}

/** A request's own hash exists once its shared prefix is done (forked from a runner) or from the start. */
interface Track {
  runner: Runner | null;
  forkAt: number;
  own: ContentHash | null;
  rest: readonly ByteSpan[];
}

/**
 * Reads the file once, the next chunk read while the current one is hashed, and feeds every hash from
 * it: each signature's over its spans and the whole-file ones. A signature's spans almost always start
 * at 0 and cover nearly all of the file up to it, so its hash is a copy of a running one taken where
 * its first span ends: the prefix every signature shares is hashed once, not once per signature.
 */
export async function digestFile(
  path: string,
  size: number,
  requests: readonly SpanDigest[],
  options: { whole?: readonly HashName[]; onProgress?: (fraction: number) => void } = {},
): Promise<DigestPass> {
  for (const { spans } of requests)
    if (spans.some(([start, end]) => start < 0 || end < start || end > size))
      throw new AppError('INTERNAL', { detail: 'span outside the file' });
  const runners = new Map<HashName, Runner>((options.whole ?? []).map((name) => [name, { hash: createContentHash(name), end: size }]));
  const tracks = requests.map((request) => trackFor(request, runners));
  const byFork = [...tracks].sort((a, b) => a.forkAt - b.forkAt);
  await readChunks(path, size, (chunk, position) => {
    for (const runner of runners.values()) feedRunner(runner, byFork, chunk, position);
    for (const track of tracks) feedOwn(track, chunk, position);
    options.onProgress?.((position + chunk.length) / size);
  });
  for (const track of tracks) if (track.own === null && track.runner !== null) track.own = track.runner.hash.copy();
  return {
    digests: tracks.map((track) => (track.own as ContentHash).digest()),
    whole: new Map((options.whole ?? []).map((name) => [name, (runners.get(name) as Runner).hash])),
  };
}

function trackFor(request: SpanDigest, runners: Map<HashName, Runner>): Track {
  const [first, ...rest] = request.spans;
  if (first === undefined || first[0] !== 0) return { runner: null, forkAt: 0, own: createContentHash(request.hash), rest: request.spans };
  let runner = runners.get(request.hash);
  if (runner === undefined) runners.set(request.hash, (runner = { hash: createContentHash(request.hash), end: first[1] }));
  runner.end = Math.max(runner.end, first[1]);
  return { runner, forkAt: first[1], own: null, rest };
}

/** Feeds the runner its part of the chunk, copying it for each track whose shared prefix ends inside. */
function feedRunner(runner: Runner, tracks: readonly Track[], chunk: Buffer, position: number): void {
  const stop = Math.min(runner.end, position + chunk.length);
  let at = position;
  for (const track of tracks) {
    if (track.runner !== runner || track.own !== null || track.forkAt > stop) continue;
    runner.hash.update(chunk.subarray(at - position, track.forkAt - position));
    at = track.forkAt;
    track.own = runner.hash.copy();
  }
  if (stop > at) runner.hash.update(chunk.subarray(at - position, stop - position));
}

function feedOwn(track: Track, chunk: Buffer, position: number): void {
  if (track.own === null) return;
  for (const [start, end] of track.rest) {
    const from = Math.max(start, position);
    const to = Math.min(end, position + chunk.length);
    if (from < to) track.own.update(chunk.subarray(from - position, to - position));
  }
}

async function readChunks(path: string, size: number, consume: (chunk: Buffer, position: number) => void): Promise<void> {
  const input = await open(path, 'r');
  const buffers = [Buffer.allocUnsafe(CHUNK), Buffer.allocUnsafe(CHUNK)] as const;
  const readAt = (position: number, turn: 0 | 1) => input.read(buffers[turn], 0, Math.min(CHUNK, size - position), position);
  let pending = size > 0 ? readAt(0, 0) : null;
  try {
    for (let position = 0, turn: 0 | 1 = 0; position < size && pending !== null; turn = turn === 0 ? 1 : 0) {
      const { bytesRead } = await pending;
      if (bytesRead === 0) throw new AppError('FILE_CHANGED', { path });
      const next = position + bytesRead;
      pending = next < size ? readAt(next, turn === 0 ? 1 : 0) : null;
      consume(buffers[turn].subarray(0, bytesRead), position);
      position = next;
    }
  } finally {
    await pending?.catch(() => undefined);
    await input.close();
  }
}
