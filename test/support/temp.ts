import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';

/** A directory removed when the test file finishes. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `sealdesk-${prefix}-`));
  after(() => rmSync(dir, { recursive: true, force: true, maxRetries: 5 }));
  return dir;
}
