import { join } from 'node:path';

/** Where a reference center keeps things under its data directory. */
export function centerLayout(dir: string) {
  return {
    dir,
    config: join(dir, 'center.json'),
    database: join(dir, 'center.db'),
    uploads: join(dir, 'uploads'),
  };
}
