import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { writeFileAtomic } from '../electron/services/platform/index.ts';
import { centerLayout } from './layout.ts';

const CenterConfigSchema = z.object({ port: z.number().int().min(0).max(65535).default(0) });
export type CenterConfig = z.infer<typeof CenterConfigSchema>;

export function readCenterConfig(dir: string): CenterConfig {
  try {
    return CenterConfigSchema.parse(JSON.parse(readFileSync(centerLayout(dir).config, 'utf8')));
  } catch {
    return CenterConfigSchema.parse({});
  }
}

export function writeCenterConfig(dir: string, config: CenterConfig): void {
  writeFileAtomic(centerLayout(dir).config, `${JSON.stringify(config, null, 2)}\n`, 0o644);
}
