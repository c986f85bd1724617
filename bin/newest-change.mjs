import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The latest modification time under `paths` (files, and folders for deletions), missing ones ignored:
 * a build output older than this was built from other sources.
 */
export function newestChange(paths) {
  return paths.filter((path) => existsSync(path)).reduce((newest, path) => Math.max(newest, newestUnder(path)), 0);
}

function newestUnder(path) {
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return readdirSync(path).reduce((newest, entry) => Math.max(newest, newestUnder(join(path, entry))), stats.mtimeMs);
}
