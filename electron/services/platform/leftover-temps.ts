import { lstatSync, readdirSync, unlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { systemErrorCode } from '../../../shared/errors.ts';

const TEMP_SUFFIX = '.sealdesk-tmp';
/** `.<name>.<pid>.sealdesk-tmp`: the only names leftover sweeping may touch. */
const TEMP_NAME = /^\..+\.(\d+)\.sealdesk-tmp$/;
/** When this process started: a temp file touched since may be another SealDesk's write in progress. */
const PROCESS_STARTED_MS = Date.now() - process.uptime() * 1000;
const sweptFolders = new Set<string>();

/** The hidden temp file an atomic write of `path` fills before renaming it into place. */
export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}${TEMP_SUFFIX}`);
}

/**
 * A seal or save killed mid-write (kill -9, power cut) leaves its full-size temp file behind. The first
 * write into a folder in each run removes those: only our own names, last written before this process
 * started, by a process that is gone. A user's file never matches the name, and a running SealDesk's
 * write in progress is either newer than us or has a live pid.
 */
export function removeLeftoverTemps(folder: string): void {
  if (sweptFolders.has(folder)) return;
  sweptFolders.add(folder);
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return; // A folder that cannot be listed holds nothing we could remove; the write reports its own error.
  }
  for (const name of names) {
    const pid = TEMP_NAME.exec(name)?.[1];
    if (pid === undefined || !writerIsGone(Number(pid))) continue;
    const path = join(folder, name);
    try {
      const stat = lstatSync(path);
      if (stat.isFile() && stat.mtimeMs < PROCESS_STARTED_MS) unlinkSync(path);
    } catch {
      // Removed meanwhile, or not ours to remove: sweeping is best effort and never stops the write.
    }
  }
}

/** Our own pid in a name older than this run was a previous run's, reused; any other live pid is left alone. */
function writerIsGone(pid: number): boolean {
  return pid === process.pid || processIsGone(pid);
}

/** No process with this pid runs (one we may not signal still counts as running). */
export function processIsGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return systemErrorCode(error) === 'ESRCH';
  }
}
