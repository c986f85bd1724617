import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../platform/atomic-write.ts';

// Its own module, apart from provisioning (the demo CA, the token set-up), so that reading the manifest,
// which every CLI command may do, does not load them.

const DemoEnvironmentSchema = z.object({
  dir: z.string(),
  softhsmConf: z.string(),
  modulePath: z.string(),
  tokenLabel: z.string(),
  tokenSerial: z.string(),
  /** Demo only: shown in the banner and printed by `demo init` until the user changes it; a real PIN is never stored. */
  pin: z.string(),
  /** The user changed the demo PIN: the one above is no longer it, and theirs is not kept. */
  pinChanged: z.boolean().default(false),
  /** Demo only, for trying the IT administrator's unlock; null for demo tokens made before it was kept. */
  soPin: z.string().nullable().default(null),
  caCertPath: z.string(),
  /** Demo only: the local store's passphrase that `demo init` exports; null for demos made before it was kept. */
  storePassphrase: z.string().nullable().default(null),
});
export type DemoEnvironment = z.infer<typeof DemoEnvironmentSchema>;

function manifestPath(dir: string): string {
  return join(dir, 'demo.json');
}

/** The demo PIN as the banner, the console and `demo init` may show it: none once the user changed it. */
export function shownDemoPin(env: DemoEnvironment): string | null {
  return env.pinChanged ? null : env.pin;
}

/** After the user changed the demo token's PIN: the banner and `demo init` stop showing the old one. */
export function markDemoPinChanged(env: DemoEnvironment): DemoEnvironment {
  const changed = { ...env, pinChanged: true };
  writeDemoEnvironment(changed);
  return changed;
}

export function writeDemoEnvironment(env: DemoEnvironment): void {
  writeFileAtomic(manifestPath(env.dir), `${JSON.stringify(env, null, 2)}\n`);
}

export function readDemoEnvironment(dir: string): DemoEnvironment | null {
  try {
    const env = DemoEnvironmentSchema.parse(JSON.parse(readFileSync(manifestPath(dir), 'utf8')));
    return existsSync(env.softhsmConf) && existsSync(env.modulePath) ? env : null;
  } catch {
    return null;
  }
}
