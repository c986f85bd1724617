import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { writeFileAtomic } from '../electron/services/platform/index.ts';
import { centerLayout } from './layout.ts';

const CenterConfigSchema = z.object({
  port: z.number().int().min(0).max(65535).default(0),
  /** Public origins clients reach the center by (a reverse proxy), beyond the loopback ones it listens on. */
  origins: z.array(z.url()).default([]),
  /** How long a one-time enrolment code stays valid. */
  enrolmentCodeHours: z
    .number()
    .positive()
    .max(24 * 30)
    .default(24),
  /** Open connections one address may hold; more are closed at once. */
  connectionsPerSource: z.number().int().min(1).default(64),
  /** Failed enrolments one address may make per quarter hour before it is told to wait. */
  enrolmentFailuresPerSource: z.number().int().min(1).default(10),
});
export type CenterConfig = z.infer<typeof CenterConfigSchema>;

export function readCenterConfig(dir: string): CenterConfig {
  try {
    return CenterConfigSchema.parse(JSON.parse(readFileSync(centerLayout(dir).config, 'utf8')));
  } catch {
    return CenterConfigSchema.parse({});
  }
}

export function writeCenterConfig(dir: string, config: z.input<typeof CenterConfigSchema>): void {
  writeFileAtomic(centerLayout(dir).config, `${JSON.stringify(config, null, 2)}\n`, 0o644);
}
