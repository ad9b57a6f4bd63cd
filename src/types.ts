/**
 * The types the modules share: the token as the action holds it, where it came from, and the
 * log every module writes to (main.ts gives it the runner's log, made safe on the way out).
 */
import type { SourceName } from './sources/table.js';

/** Derived from the sources table: the table is where a source is added. */
export type { SourceName };

export interface AccessToken {
  readonly token: string;
  readonly expiresOn: Date;
  readonly tokenType: string;
  readonly resource: string;
  /** '' where neither the answer nor the token's claims say. */
  readonly clientId: string;
  readonly objectId: string;
  readonly tenantId: string;
  readonly identityResourceId: string;
  /** The token's own audience claim, when it is a readable JWT. */
  readonly audience: string;
  readonly source: SourceName;
  /** The endpoint that answered, without query. */
  readonly endpoint: string;
}

export interface Log {
  info(message: string): void;
  warning(message: string): void;
  debug(message: string): void;
}
