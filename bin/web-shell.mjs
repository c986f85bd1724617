// Runs the web shell's bundle (build/build-web.mjs) in this process from V8's code cache, as bin/sealdesk.mjs
// runs the CLI's: compiling the 5 MB bundle is a good part of the shell's start (CPU until its URL is printed,
// load 10 on 2 cores: 0.47–0.58 s without the cache, 0.38–0.43 s from it). bin/start.mjs and the tests start it
// once the bundle is current.
import { WEB_SHELL_BUNDLE } from '../build/build-web.mjs';
import { requireWithCodeCache } from './code-cache.mjs';

requireWithCodeCache(WEB_SHELL_BUNDLE, 'web-shell');
