export { Inbox } from './inbox.ts';
export { listFolder, places, type ListOptions } from './listing.ts';
export { saveCopy } from './save-copy.ts';
