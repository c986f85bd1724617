// Runs a bench client bundle as bin/sealdesk.mjs runs the CLI's: in this process, from V8's code cache.
// Usage: node with-code-cache.mjs BUNDLE.cjs CACHE_NAME ARGS… (the bundle sees ARGS as its own).
import process from 'node:process';
import { requireWithCodeCache } from '../../bin/code-cache.mjs';

const [bundle, cacheName] = process.argv.splice(2, 2);
requireWithCodeCache(bundle, cacheName);
