import { z } from 'zod';

/** One entry of a folder as the file dialog shows it; `modified` is an ISO time shown through shared/i18n/time.ts. */
export const FolderEntrySchema = z.object({
  name: z.string(),
  path: z.string(),
  kind: z.enum(['folder', 'file']),
  size: z.number().int().nonnegative(),
  modified: z.iso.datetime(),
});
export type FolderEntry = z.infer<typeof FolderEntrySchema>;

export const FolderListingSchema = z.object({
  path: z.string(),
  /** null at the top of the file system. */
  parent: z.string().nullable(),
  /** Folders first, then files, each by name; hidden entries are left out. */
  entries: z.array(FolderEntrySchema),
});
export type FolderListing = z.infer<typeof FolderListingSchema>;

export const PLACE_KINDS = ['home', 'desktop', 'documents', 'downloads', 'inbox'] as const;

/** Where the file dialog offers to start: the user's usual folders that exist, and the folders used lately. */
export const PlacesSchema = z.object({
  home: z.string(),
  places: z.array(z.object({ kind: z.enum(PLACE_KINDS), path: z.string() })),
  recent: z.array(z.string()),
});
export type Places = z.infer<typeof PlacesSchema>;

/** The two steps an output folder is remembered for. */
export const OutputTaskSchema = z.enum(['approve', 'seal']);
export type OutputTask = z.infer<typeof OutputTaskSchema>;

/** What an approval or seal would write, asked before the sheet so an existing name is confirmed first. */
export const PlannedOutputSchema = z.object({ input: z.string(), output: z.string(), exists: z.boolean() });
export type PlannedOutput = z.infer<typeof PlannedOutputSchema>;

/** Largest file that may be dropped into the web shell's page (the bench's 200 MB PDF fits). */
export const INBOX_MAX_BYTES = 512 * 1024 * 1024;
