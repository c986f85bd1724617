import { basename } from 'node:path';
import { z } from 'zod';
import table from './sm2-mechanisms.json' with { type: 'json' };

const ProfileSchema = z.object({
  module: z.string(),
  mechanism: z.string().regex(/^0x[0-9a-f]{8}$/i),
  input: z.enum(['digest', 'message']),
  output: z.enum(['raw', 'der']),
});
export type Sm2Profile = z.infer<typeof ProfileSchema>;

const profiles = z.object({ profiles: z.array(ProfileSchema) }).parse(table).profiles;

/** How the module at `modulePath` signs with SM2, from the vendor table kept as data (sm2-mechanisms.json). */
export function sm2ProfileFor(modulePath: string): Sm2Profile {
  const name = basename(modulePath.replace(/\\/g, '/'));
  const profile = profiles.find((p) => p.module === name) ?? profiles.find((p) => p.module === 'default');
  if (profile === undefined) throw new Error('sm2-mechanisms.json has no default profile');
  return profile;
}
