// Imported first by each entry that keeps the services running (desktop main, web shell, the bench's service),
// before any other module is evaluated: what it changes applies to the objects allocated from then on. Not by
// the CLI: V8 refuses a code cache made under other flags, and the CLI starts from one (bin/code-cache.mjs).
import { keepYoungGenerationSmall } from './young-generation.ts';

keepYoungGenerationSmall();
