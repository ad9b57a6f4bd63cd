import type { CallContext } from '../call.js';

/** What a token source may look at besides the network: where each platform announces itself. */
export interface SourceContext extends CallContext {
  /** The runner's environment variables. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly platform: NodeJS.Platform;
}
