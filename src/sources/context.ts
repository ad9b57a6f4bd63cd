import type { CallContext } from '../http/call.js';

/** What a token source may look at besides the network: where each platform announces itself. */
export interface SourceContext extends CallContext {
  readonly platform: NodeJS.Platform;
}
