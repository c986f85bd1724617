import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { z } from 'zod';
import type { DetectedModule } from '../../../shared/model/settings.ts';
import vendorData from './vendors.json' with { type: 'json' };
import type { RescanPolicy } from './types.ts';

const PlatformPathsSchema = z.object({ linux: z.array(z.string()), darwin: z.array(z.string()), win32: z.array(z.string()) });
const VendorTableSchema = z.object({
  modules: z.array(
    z.object({
      vendor: z.string(),
      product: z.string(),
      rescan: z.enum(['slot-list', 'reinitialize-when-idle']),
      paths: PlatformPathsSchema,
    }),
  ),
});

const table = VendorTableSchema.parse(vendorData);
type Platform = keyof z.infer<typeof PlatformPathsSchema>;

function currentPlatform(): Platform {
  return process.platform === 'darwin' || process.platform === 'win32' ? process.platform : 'linux';
}

/** The curated table for this platform, each path marked present or not. */
export function detectModules(exists: (path: string) => boolean = existsSync): DetectedModule[] {
  const platform = currentPlatform();
  return table.modules.flatMap((entry) =>
    entry.paths[platform].map((path) => ({ vendor: entry.vendor, product: entry.product, path, present: exists(path) })),
  );
}

/** Matched by file name, so a module copied elsewhere keeps its vendor's behaviour. */
export function rescanPolicyFor(modulePath: string): RescanPolicy {
  const name = basename(modulePath);
  const entry = table.modules.find((m) =>
    Object.values(m.paths)
      .flat()
      .some((p) => basename(p.replace(/\\/g, '/')) === name),
  );
  return entry?.rescan ?? 'slot-list';
}

export function findSoftHsmModule(exists: (path: string) => boolean = existsSync): string | null {
  return detectModules(exists).find((m) => m.vendor === 'SoftHSM' && m.present)?.path ?? null;
}
