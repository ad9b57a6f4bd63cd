/**
 * The action: read the inputs, get the token, mask it, hand it over. This is the only module
 * with side effects on the runner (through `core`); everything it calls takes plain values and
 * throws, and the one failure is reported here. Every message passes `shown` on its way out:
 * the secrets the action holds are replaced and no line can start a workflow command.
 */
import { getInput } from '@actions/core';
import { existsSync, statSync } from 'node:fs';
import { ActionError, errorMessage } from './text/errors.js';
import type { FeatureContext, FeatureEntry, FeatureResult } from './features/feature.js';
import { FEATURES } from './features/index.js';
import { exportVariable, setOutput } from './toolkit/file-commands.js';
import { debug, info, setFailed, setSecret, warning } from './toolkit/log-commands.js';
import { summary } from './toolkit/job-summary.js';
import { forkPullRequest, forkWarning, readmeUrl } from './fork.js';
import { loadHttpsAhead, send, type Send } from './http/send.js';
import { inert, loggable } from './text/inert.js';
import { isoSeconds } from './text/time.js';
import { type Inputs, readInputs } from './inputs.js';
import { type Checked, droppedWarning, tokenOutputs } from './outputs.js';
import { type Clock, systemClock } from './http/retry.js';
import { isMaskable, Secrets } from './text/secrets.js';
import { getToken } from './sources/choose.js';
import { renderSummary, type SummarySection } from './summary.js';
import type { AccessToken, Log } from './types.js';

/** Every side effect the action has on the runner, all through `@actions/core`: this type is the inventory. */
export type Core = Pick<
  typeof import('@actions/core'),
  'getInput' | 'setSecret' | 'setOutput' | 'exportVariable' | 'info' | 'warning' | 'debug' | 'setFailed'
> & {
  /** `core.summary.addRaw(markdown).write()`: the part of the job summary API the action uses. */
  readonly summary: { addRaw(markdown: string): { write(): Promise<unknown> } };
};

export interface Dependencies {
  readonly send: Send;
  readonly clock: Clock;
  /** Where platforms announce their identity endpoints, and the runner's proxy. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly platform: NodeJS.Platform;
  /** What may follow the token (src/features/index.ts); tests give their own. */
  readonly features?: readonly FeatureEntry[];
}

// A named import, not the module's namespace: the bundle then keeps only getInput of
// `@actions/core` and drops the rest (getIDToken's HTTP client and undici). The others are
// core's, rewritten in src/toolkit/ without what they cost every job (node:crypto, fs.promises,
// the process.stdout stream); each file there says why and how it is held to core.
const actionsCore: Core = { getInput, setSecret, setOutput, exportVariable, info, warning, debug, setFailed, summary };
const defaultDependencies: Dependencies = { send, clock: systemClock, env: process.env, platform: process.platform };

/** A token that expires this soon is worth a warning: the next step may already hold a dead one. */
const EXPIRY_WARNING_MS = 5 * 60_000;

export async function run(
  core: Core = actionsCore,
  { send, clock, env, platform, features = FEATURES }: Dependencies = defaultDependencies
): Promise<void> {
  const secrets = new Secrets();
  const shown = (message: string): string => loggable(secrets.redact(message));
  try {
    const inputs = readInputs((name, options) => core.getInput(name, options));
    const fork = forkPullRequest(env);
    if (fork) core.warning(shown(forkWarning(fork, readmeUrl(env))));
    const log: Log = { info: (m) => core.info(shown(m)), warning: (m) => core.warning(shown(m)), debug: (m) => core.debug(shown(m)) };
    const ctx: FeatureContext = {
      send,
      clock,
      env,
      platform,
      // One deadline for the whole step: the token and every feature after it.
      deadline: clock.now() + inputs.timeoutSeconds * 1000,
      timeoutSeconds: inputs.timeoutSeconds,
      log,
      // Every secret is masked the moment it exists, before anything else touches it.
      maskSecret: (secret) => {
        // Only what could be a credential: an answer must not choose to hide "Error" for the job.
        // Held for redaction first: should printing the mask fail, the error and the summary still hide it.
        secrets.add(secret);
        if (isMaskable(secret)) core.setSecret(secret);
      },
      // A value the user stored is masked whatever it is: the runner hides it, and each of its lines, in the log.
      maskValue: (value) => {
        secrets.addValue(value);
        if (value !== '') core.setSecret(value);
      },
      secrets
    };
    const wanted = features.filter(({ wanted }) => wanted(inputs));
    // What follows the token talks to Azure over HTTPS (http/send.ts says why this comes first).
    if (wanted.length > 0) loadHttpsAhead();
    const token = await getToken(inputs, ctx);
    const expiresOn = isoSeconds(token.expiresOn);
    const handed = tokenOutputs(token, expiresOn);
    handOver(core, token, handed, inputs, log);
    warnIfExpiring(token.expiresOn, clock.now(), log);

    // Then what the inputs ask of the identity, in order; the summary says how each went.
    const sections: SummarySection[] = [];
    try {
      for (const { load } of wanted) {
        const { feature } = await load();
        const result = await feature.run(inputs, token, ctx).catch((error: unknown) => {
          const failure = shown(errorMessage(error));
          sections.push({ rows: [[feature.name, feature.describeFailure?.(failure, inputs) ?? `failed: ${failure}`]] });
          throw error;
        });
        sections.push(result.summary);
        handOverFeature(core, result, log);
      }
    } finally {
      if (inputs.jobSummary) {
        const summary = renderSummary({ source: token.source, endpoint: token.endpoint, token: handed.values, sections });
        await writeSummary(core, secrets.redact(summary), log, ctx.deadline - clock.now(), env['GITHUB_STEP_SUMMARY']);
      }
    }
  } catch (error) {
    core.setFailed(shown(errorMessage(error)));
    if (!(error instanceof ActionError) && error instanceof Error && error.stack) core.debug(shown(error.stack));
  }
}

function handOver(core: Core, token: AccessToken, { values, dropped }: Checked, inputs: Inputs, log: Log): void {
  core.setOutput('access-token', token.token);
  // None of these is secret; masking one would make GitHub drop any job output containing it.
  for (const [name, value] of Object.entries(values)) core.setOutput(name, value);
  if (inputs.exportVariable) {
    core.exportVariable(inputs.exportVariable, token.token);
  }
  const left = droppedWarning(dropped, `${token.endpoint}'s answer`);
  if (left) log.warning(left);

  const unknown = (value: string | undefined): string => value || 'not stated';
  log.info(
    `Got a ${values['token-type'] || 'Bearer'} token for ${unknown(values['resource'])} from ${token.endpoint} (source: ${token.source}).`
  );
  log.info(
    `  identity: client ID ${unknown(values['client-id'])}, object ID ${unknown(values['object-id'])}, tenant ${unknown(values['tenant-id'])}`
  );
  log.info(`  expires:  ${values['expires-on']}`);
  log.info(
    inputs.exportVariable
      ? `  handed over as the step output 'access-token' and the environment variable ${inputs.exportVariable} (masked in logs).`
      : "  handed over as the step output 'access-token' (masked in logs)."
  );
}

/** What a feature returned, in the order it always goes: outputs, exports, warnings, what it got. */
function handOverFeature(core: Core, { outputs, exports = [], warnings = [], log: lines }: FeatureResult, log: Log): void {
  // Its secrets were masked the moment they arrived; none of its other values is masked.
  for (const [name, value] of outputs) core.setOutput(name, value);
  for (const [name, value] of exports) core.exportVariable(name, value);
  for (const line of warnings) log.warning(line);
  for (const line of lines) log.info(line);
}

function warnIfExpiring(expiresOn: Date, now: number, log: Log): void {
  const leftMs = expiresOn.getTime() - now;
  if (leftMs > EXPIRY_WARNING_MS) return;
  const clock = isoSeconds(now);
  const expiry = isoSeconds(expiresOn);
  log.warning(
    leftMs <= 0
      ? `The token's expiry ${expiry} is already past by the runner's clock (${clock}): either the runner's clock is wrong (check its time synchronisation) or the endpoint handed out an expired token; later steps will be refused.`
      : `The token expires at ${expiry}, ${Math.ceil(leftMs / 60_000)} minute(s) from now by the runner's clock (${clock}): later steps may be refused. Run this action right before the steps that use the token.`
  );
}

/** A summary that cannot be written is worth a warning, not a failed step. */
async function writeSummary(core: Core, markdown: string, log: Log, msLeft: number, file: string | undefined): Promise<void> {
  // The summary file is the runner's, but a write that never ends (a FIFO in its place) must not
  // hold the step past timeout-seconds either. The timer alone never keeps the process alive.
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('writing it took longer than what was left of timeout-seconds')), Math.max(250, msLeft));
    timer.unref();
  });
  try {
    // A FIFO or device in the file's place would hold a thread until something reads it.
    if (file && existsSync(file)) {
      // /dev/null is how a local run throws the summary away; a FIFO, a socket or a folder is not a summary file.
      const kind = statSync(file);
      if (!kind.isFile() && !kind.isCharacterDevice()) throw new Error(`${inert(file)} is not a regular file`);
    }
    await Promise.race([core.summary.addRaw(markdown).write(), late]);
  } catch (error) {
    log.warning(`The job summary was not written: ${errorMessage(error)}`);
  } finally {
    clearTimeout(timer);
  }
}
