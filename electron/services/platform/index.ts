export { writeStreamAtomic } from './atomic-stream.ts';
export { writeFileAtomic } from './atomic-write.ts';
export { defaultDataDir } from './paths.ts';
export { findTool, findTools, REQUIRED_TOOLS } from './tools.ts';
