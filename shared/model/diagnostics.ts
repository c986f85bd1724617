import { z } from 'zod';
import { PinStateSchema } from './token.ts';

export const MechanismSchema = z.object({
  name: z.string(),
  code: z.number().int(),
  family: z.enum(['RSA', 'ECDSA', 'SM2', 'SM3', 'SM4', 'other']),
  vendorDefined: z.boolean(),
  minKeySize: z.number().int(),
  maxKeySize: z.number().int(),
});
export type Mechanism = z.infer<typeof MechanismSchema>;

export const FindingSchema = z.object({
  severity: z.enum(['ok', 'warning', 'error']),
  /** i18n key of the finding; the advice key is `${key}.advice`. */
  key: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
});
export type Finding = z.infer<typeof FindingSchema>;

export const DiagnosticsSchema = z.object({
  generatedAt: z.string(),
  app: z.object({ version: z.string(), shell: z.string(), platform: z.string(), node: z.string() }),
  demoMode: z.boolean(),
  module: z
    .object({
      path: z.string(),
      cryptokiVersion: z.string(),
      manufacturer: z.string(),
      description: z.string(),
      libraryVersion: z.string(),
    })
    .nullable(),
  slots: z.array(
    z.object({
      slotId: z.string(),
      description: z.string(),
      manufacturer: z.string(),
      tokenPresent: z.boolean(),
      removable: z.boolean(),
      hardware: z.boolean(),
      token: z
        .object({
          label: z.string(),
          serial: z.string(),
          model: z.string(),
          pinStates: z.array(PinStateSchema),
          mechanisms: z.array(MechanismSchema),
        })
        .nullable(),
    }),
  ),
  tools: z.array(z.object({ name: z.string(), present: z.boolean() })),
  findings: z.array(FindingSchema),
});
export type Diagnostics = z.infer<typeof DiagnosticsSchema>;
