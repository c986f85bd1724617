// Development entry of the token worker: loads worker.ts through tsx, since Node 20 workers do not
// inherit loaders registered in the parent thread. The desktop bundle uses the compiled worker instead.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
