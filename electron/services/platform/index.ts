export { writeFileAtomic, writeFolderAtomic, writeStreamAtomic } from './atomic-write.ts';
export { JsonListFile } from './json-list.ts';
export { defaultDataDir } from './paths.ts';
export { environmentLocale } from './locale.ts';
export { findTool, findTools, REQUIRED_TOOLS } from './tools.ts';
export { mapConcurrently } from './concurrently.ts';
export { KeptResults } from './kept-results.ts';
export { sha256OfFile } from './file-hash.ts';
export { FileLock, type FileLockOptions } from './file-lock.ts';
