/**
 * The one shape of everything that uses the identity after the token (the registry password,
 * verify, Key Vault secrets): inputs and the token context in; outputs, log lines and summary
 * rows out. A feature has no side effect on the runner of its own: main.ts hands over what it
 * returns, writes its lines through the log that makes every message safe, renders its rows
 * into the job summary, and reports its failure. src/features/index.ts lists the features.
 */
import type { Inputs } from '../inputs.js';
import type { SourceContext } from '../sources/context.js';
import type { SummarySection } from '../summary.js';
import type { AccessToken } from '../types.js';

/** What a feature may use besides the inputs and the token: the network, the clock, the log, the masks. */
export interface FeatureContext extends SourceContext {
  /**
   * For a secret value the feature hands over for the user (a Key Vault secret's value), the
   * moment it arrives: the runner masks it whole and line by line, whatever its length, and the
   * action's own messages replace it whole and each of its lines exactly, never by pieces (a
   * connection string's `Database=` must not vanish from every message). Credentials the action
   * itself receives (tokens, passwords) go to `maskSecret` instead.
   */
  readonly maskValue: (value: string) => void;
}

/** A step output or an environment variable: its name and value. */
export type NamedValue = readonly [name: string, value: string];

/** What a feature that succeeded hands over and shows. Secrets among these were masked on arrival. */
export interface FeatureResult {
  /** Step outputs, in the order they are set. */
  readonly outputs: readonly NamedValue[];
  /** Environment variables for later steps, set after the outputs; names already checked against those that steer later steps. */
  readonly exports?: readonly NamedValue[];
  /** For the log, after the outputs are set: what deserves attention (a value that was left out, an expiry). */
  readonly warnings?: readonly string[];
  /** For the log, after the warnings: what the feature got and how it was handed over. */
  readonly log: readonly string[];
  /** For the job summary, after the token's rows and those of the features before it. */
  readonly summary: SummarySection;
}

export interface Feature {
  /** Its label in the job summary, under which main.ts shows its failure: "Registry password". */
  readonly name: string;
  /**
   * Does the work. Every secret that arrives is masked through `ctx` before anything else
   * touches it. Throws, with a message that says what failed, where and the fix, when it cannot
   * hand over everything: main.ts then shows the message in the summary under `name`, hands over
   * nothing of this feature, runs no later one, and fails the step once.
   */
  run(inputs: Inputs, token: AccessToken, ctx: FeatureContext): Promise<FeatureResult>;
  /** The summary's text for a failure (`message` is already safe to show); "failed: <message>" when not given. */
  readonly describeFailure?: (message: string, inputs: Inputs) => string;
}

/** How main.ts finds a feature without loading it: whether the inputs ask for it, and how to load its code. */
export interface FeatureEntry {
  readonly wanted: (inputs: Inputs) => boolean;
  /** A dynamic import of the feature's module: the bundle puts each feature in a chunk of its own. */
  readonly load: () => Promise<{ readonly feature: Feature }>;
}
