import { execFileSync } from 'node:child_process';
import type { DemoEnvironment } from '../../electron/services/demo/index.ts';

/** pkcs11-tool's view of the token, logged in (a throwaway test token; its PIN on this command line harms nothing). */
export function listTokenObjects(demo: DemoEnvironment): string {
  return execFileSync(
    'pkcs11-tool',
    ['--module', demo.modulePath, '--token-label', demo.tokenLabel, '--login', '--pin', demo.pin, '--list-objects'],
    { encoding: 'utf8', env: { ...process.env, SOFTHSM2_CONF: demo.softhsmConf } },
  );
}

export function objectsWithId(listing: string, id: string): string[] {
  return listing.split(/\n(?=\S)/).filter((block) => new RegExp(`ID:\\s+${id}\\b`).test(block));
}
