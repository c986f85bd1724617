import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

// Its own module, apart from provisioning (the demo CA, the token set-up), so that reading the manifest,
// which every CLI command may do, does not load them.

const DemoEnvironmentSchema = z.object({
  dir: z.string(),
  softhsmConf: z.string(),
  modulePath: z.string(),
  tokenLabel: z.string(),
  tokenSerial: z.string(),
  /** Demo only: shown in the banner and printed by `demo init`; a real PIN is never stored. */
  pin: z.string(),
  /** Demo only, for trying the IT administrator's unlock; null for demo tokens made before it was kept. */
  soPin: z.string().nullable().default(null),
  caCertPath: z.string(),
  /** Demo only: the local store's passphrase that `demo init` exports; null for demos made before it was kept. */
  storePassphrase: z.string().nullable().default(null),
});
export type DemoEnvironment = z.infer<typeof DemoEnvironmentSchema>;

export function manifestPath(dir: string): string {
  return join(dir, 'demo.json');
}

export function readDemoEnvironment(dir: string): DemoEnvironment | null {
  try {
    const env = DemoEnvironmentSchema.parse(JSON.parse(readFileSync(manifestPath(dir), 'utf8')));
    return existsSync(env.softhsmConf) && existsSync(env.modulePath) ? env : null;
  } catch {
    return null;
  }
}
