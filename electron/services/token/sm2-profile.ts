import { basename } from 'node:path';
import table from './sm2-mechanisms.json' with { type: 'json' };

export interface Sm2Profile {
  module: string;
  mechanism: string;
  input: 'digest' | 'message';
  output: 'raw' | 'der';
}

/**
 * The table is part of the build; it is checked as it loads by hand because this runs in the token
 * worker, which does not load zod (that would add about 30 ms and 8 MB to every token service start).
 */
function checkedProfile(entry: Record<string, unknown>): Sm2Profile {
  const { module, mechanism, input, output } = entry;
  if (
    typeof module !== 'string' ||
    typeof mechanism !== 'string' ||
    !/^0x[0-9a-f]{8}$/i.test(mechanism) ||
    (input !== 'digest' && input !== 'message') ||
    (output !== 'raw' && output !== 'der')
  )
    throw new Error(`sm2-mechanisms.json: bad profile ${JSON.stringify(entry)}`);
  return { module, mechanism, input, output };
}

const profiles = table.profiles.map(checkedProfile);

/** How the module at `modulePath` signs with SM2, from the vendor table kept as data (sm2-mechanisms.json). */
export function sm2ProfileFor(modulePath: string): Sm2Profile {
  const name = basename(modulePath.replace(/\\/g, '/'));
  const profile = profiles.find((p) => p.module === name) ?? profiles.find((p) => p.module === 'default');
  if (profile === undefined) throw new Error('sm2-mechanisms.json has no default profile');
  return profile;
}
