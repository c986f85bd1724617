// Runs the web shell's bundle (build/build-web.mjs) in this process from V8's code cache, as bin/sealdesk.mjs
// runs the CLI's: compiling the 5 MB bundle is a good part of the shell's start (CPU until its URL is printed,
// load 10 on 2 cores: 0.47–0.58 s without the cache, 0.38–0.43 s from it). bin/start.mjs and the tests start it
// once the bundle is current.
import { WEB_SHELL_BUNDLE } from '../build/build-web.mjs';
import { setFlagsFromString } from 'node:v8';
import { requireWithCodeCache } from './code-cache.mjs';

// The bundle keeps V8's young generation small (electron/services/platform/young-generation.ts) and the
// cache is written at exit under that flag; V8 refuses a code cache made under other flags, so the flag
// is set before the cache is read, or every start would compile the bundle again.
setFlagsFromString('--semi-space-growth-factor=1');
requireWithCodeCache(WEB_SHELL_BUNDLE, 'web-shell');
