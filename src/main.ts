/**
 * The action: read the inputs, get the token, mask it, hand it over. This is the only module
 * with side effects on the runner (through `core`); everything it calls takes plain values and
 * throws, and the one failure is reported here. Every message passes `shown` on its way out:
 * the secrets the action holds are replaced and no line can start a workflow command.
 */
import { debug, getInput, info, setFailed, setSecret, warning } from '@actions/core';
import { existsSync, statSync } from 'node:fs';
import { ActionError, errorMessage } from './text/errors.js';
import { exportVariable, setOutput } from './toolkit/file-commands.js';
import { summary } from './toolkit/job-summary.js';
import { forkPullRequest, forkWarning, readmeUrl } from './fork.js';
import { send, type Send } from './http/send.js';
import { inert, loggable } from './text/inert.js';
import { isoSeconds } from './text/time.js';
import { type Inputs, readInputs } from './inputs.js';
import { type Checked, tokenOutputs, vmOutputs } from './outputs.js';
import { type Clock, systemClock } from './http/retry.js';
import { ACR_TOKEN_USER_NAME, getRegistryPassword, type RegistryPassword } from './registry/registry.js';
import { isMaskable, Secrets } from './text/secrets.js';
import { getToken } from './sources/choose.js';
import type { SourceContext } from './sources/context.js';
import { type RegistrySummary, renderSummary } from './summary.js';
import { type VerifiedVm, verifyOnArm } from './verify/verify.js';
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
}

// Named imports, not the module's namespace: the bundle then keeps only these functions of
// `@actions/core` and drops the rest (getIDToken's HTTP client and undici). setOutput,
// exportVariable and summary are core's, rewritten in src/toolkit/ without what loading them
// costs every job (node:crypto, fs.promises); each file there says why and how it is held to core.
const actionsCore: Core = { getInput, setSecret, setOutput, exportVariable, info, warning, debug, setFailed, summary };
const defaultDependencies: Dependencies = { send, clock: systemClock, env: process.env, platform: process.platform };

/** A token that expires this soon is worth a warning: the next step may already hold a dead one. */
const EXPIRY_WARNING_MS = 5 * 60_000;

export async function run(core: Core = actionsCore, { send, clock, env, platform }: Dependencies = defaultDependencies): Promise<void> {
  const secrets = new Secrets();
  const shown = (message: string): string => loggable(secrets.redact(message));
  try {
    const inputs = readInputs((name) => core.getInput(name));
    const fork = forkPullRequest(env);
    if (fork) core.warning(shown(forkWarning(fork, readmeUrl(env))));
    const log: Log = { info: (m) => core.info(shown(m)), warning: (m) => core.warning(shown(m)), debug: (m) => core.debug(shown(m)) };
    const ctx: SourceContext = {
      send,
      clock,
      env,
      platform,
      // One deadline for the whole step: the token, the registry password and the check on ARM.
      deadline: clock.now() + inputs.timeoutSeconds * 1000,
      timeoutSeconds: inputs.timeoutSeconds,
      log,
      // Every secret is masked the moment it exists, before anything else touches it.
      maskSecret: (secret) => {
        // Only what could be a credential: an answer must not choose to hide "Error" for the job.
        if (isMaskable(secret)) core.setSecret(secret);
        secrets.add(secret);
      },
      secrets
    };
    const token = await getToken(inputs, ctx);
    const expiresOn = isoSeconds(token.expiresOn);
    const handed = tokenOutputs(token, expiresOn);
    handOver(core, token, handed, inputs, log);
    warnIfExpiring(token.expiresOn, clock.now(), log);

    // Then the registry password and the check on ARM; the summary says how each went.
    let registry: RegistrySummary | undefined;
    let verified: VerifiedVm | undefined;
    let vm: Checked | undefined;
    let failure: string | undefined;
    try {
      const loginServer = inputs.containerRegistry;
      if (loginServer) {
        const issued = await getRegistryPassword(loginServer, inputs, token, ctx).catch((error: unknown) => {
          registry = { loginServer, failure: shown(errorMessage(error)) };
          throw error;
        });
        registry = { loginServer, issued };
        handOverRegistryPassword(core, issued, log);
      }
      if (inputs.verify) {
        verified = await verifyOnArm(inputs, token, ctx).catch((error: unknown) => {
          failure = shown(errorMessage(error));
          throw error;
        });
        vm = vmOutputs(verified);
        reportVerified(core, verified, vm, log);
      }
    } finally {
      if (inputs.jobSummary) {
        const summary = renderSummary({
          source: token.source,
          endpoint: token.endpoint,
          token: handed.values,
          registry,
          vm: vm?.values,
          arm: verified?.arm,
          failure
        });
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
  warnDropped(dropped, `${token.endpoint}'s answer`, log);

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

function handOverRegistryPassword(core: Core, registry: RegistryPassword, log: Log): void {
  // The password was masked the moment the registry's answer was read.
  core.setOutput('registry-username', ACR_TOKEN_USER_NAME);
  core.setOutput('registry-password', registry.password);
  const expires = isoSeconds(registry.expiresOn);
  log.info(`Got a password for the container registry ${registry.loginServer}.`);
  log.info(
    `  expires:  ${registry.expiryStated ? expires : `about ${expires} (the registry did not say; its passwords last about 3 hours)`}`
  );
  log.info("  handed over as the step outputs 'registry-username' and 'registry-password' (masked in logs).");
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

function warnDropped(dropped: readonly string[], from: string, log: Log): void {
  if (dropped.length === 0) return;
  log.warning(
    `Not handed over, because ${from} gave values without the form they must have: ${dropped.join(', ')}. Something other ` +
      'than the Azure endpoint may be answering; the token itself was checked separately.'
  );
}

function reportVerified(core: Core, { metadata, arm }: VerifiedVm, { values, dropped }: Checked, log: Log): void {
  for (const [name, value] of Object.entries(values)) core.setOutput(name, value);
  warnDropped(dropped, "the VM's record", log);
  const said = (value: string | undefined): string => value || 'not stated';
  log.info(`Verified: this identity read the runner VM's own record from ${arm}.`);
  log.info(
    `  VM:       ${said(values['vm-name'])} (VM ID ${said(values['vm-id'])}), ${said(values['location'])}, ${said(values['azure-environment'])}`
  );
  log.info(`  resource: ${said(values['vm-resource-id'] ?? metadata.resourceId)}`);
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
