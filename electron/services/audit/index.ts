export { UsageEntrySchema, UsageLog, type UsageEntry } from './usage-log.ts';
