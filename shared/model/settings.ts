import { z } from 'zod';

export const LOCALES = ['zh-CN', 'en'] as const;
export const LocaleSchema = z.enum(LOCALES);
export type Locale = z.infer<typeof LocaleSchema>;

export const SettingsSchema = z.object({
  locale: LocaleSchema.default('zh-CN'),
  /** Absolute path of the PKCS#11 module; null means demo mode. */
  pkcs11Module: z.string().min(1).max(4096).nullable().default(null),
});
export type Settings = z.infer<typeof SettingsSchema>;

export const SettingsPatchSchema = z
  .object({
    locale: LocaleSchema,
    pkcs11Module: z.string().min(1).max(4096).nullable(),
  })
  .partial()
  .strict();
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;

export const DetectedModuleSchema = z.object({
  vendor: z.string(),
  product: z.string(),
  path: z.string(),
  present: z.boolean(),
});
export type DetectedModule = z.infer<typeof DetectedModuleSchema>;
