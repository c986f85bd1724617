import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** External programs SealDesk uses (validators, token tools); diagnostics reports which are missing. */
export const REQUIRED_TOOLS = ['softhsm2-util', 'pkcs11-tool', 'pdfsig', 'qpdf', 'openssl'] as const;

export function findTool(name: string, env: NodeJS.ProcessEnv = process.env): string | null {
  for (const dir of (env['PATH'] ?? '').split(delimiter)) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return null;
}

export function findTools(): { name: string; present: boolean }[] {
  return REQUIRED_TOOLS.map((name) => ({ name, present: findTool(name) !== null }));
}
