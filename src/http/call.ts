/**
 * One request to an Azure endpoint, retried the way Microsoft recommends, with a message for
 * every way it can fail. Token endpoints, IMDS instance metadata and ARM all go through here;
 * each describes its endpoint as a `Call` (what to send, which statuses are transient, how to
 * read a 200, which refusals it can explain).
 */
import { describeErrorBody, headerIdsText, looksLikeProxy, proxyHintFor } from './answers.js';
import { assertCredentialOrigin, displayUrl } from './endpoint-url.js';
import { ActionError, capitalized, sentence } from '../text/errors.js';
import { HttpFailure, type HttpResponse, type Send } from './send.js';
import { inert } from '../text/inert.js';
import { proxyFor } from './proxy.js';
import { type Attempt, type Clock, parseRetryAfter, withRetries } from './retry.js';
import type { Secrets } from '../text/secrets.js';
import type { Log } from '../types.js';

export interface CallContext {
  readonly send: Send;
  readonly clock: Clock;
  /** Epoch milliseconds: the end of timeout-seconds. */
  readonly deadline: number;
  readonly timeoutSeconds: number;
  readonly log: Log;
  /** The runner's environment variables: where platforms announce endpoints, and the proxy. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Called with every secret the moment it exists (tokens, credentials read from files). */
  readonly maskSecret: (secret: string) => void;
  /** Every secret masked so far, replaced in any text from outside before it is shown. */
  readonly secrets: Secrets;
}

/** Who answered, for the messages `parse` writes. */
export interface Answerer {
  /** "IMDS (http://169.254.169.254/metadata/identity/oauth2/token)", capitalized. */
  readonly where: string;
  /** The proxy hint that fits how this call was made (directly, or through the runner's proxy). */
  readonly proxyHint: string;
}

export interface Call<T> {
  /** For messages: "IMDS", "the VM extension", "Azure Resource Manager". */
  readonly name: string;
  /** Completes "Timed out …": "getting a token", "reading the instance metadata", … */
  readonly purpose: string;
  /** Completes "… refused the …": "token request", "instance metadata request", … */
  readonly request: string;
  readonly url: URL;
  readonly method?: 'GET' | 'POST';
  readonly headers: Readonly<Record<string, string>>;
  /** Built again for every attempt, so a credential read from a file is always the current one. */
  readonly body?: () => string;
  /**
   * The request carries a credential (named for messages: "the ARM token", "IDENTITY_HEADER"),
   * which may go to this origin only: checked before anything is sent.
   */
  readonly credential?: { readonly name: string; readonly origin: string };
  /** An internet endpoint (ARM, Entra ID): reached through the runner's proxy when HTTPS_PROXY says so. */
  readonly viaRunnerProxy?: boolean;
  /** The largest body a real answer of this endpoint can have; send's default (256 KiB) otherwise. */
  readonly maxBodyBytes?: number;
  readonly isTransient: (status: number) => boolean;
  /** The status `parse` reads: 200, or 401 for Azure Arc's challenge. */
  readonly expect?: number;
  /** Reads the expected answer. */
  readonly parse: (response: HttpResponse, from: Answerer) => T;
  /** The likely fix for a refusal this endpoint is known to give, if any. */
  readonly explain?: (status: number, details: string, response: HttpResponse) => string | undefined;
  /**
   * A failure to connect that this endpoint knows to be permanent (a registry name that does not
   * resolve), explained; it then ends the call at once instead of being retried.
   */
  readonly explainUnreachable?: (failure: HttpFailure) => string | undefined;
}

export interface CallOptions {
  /**
   * Auto-detection: when the first attempt cannot connect at all, throw `EndpointUnreachable`
   * instead of retrying, so the caller can try the next source.
   */
  readonly giveUpIfUnreachable?: boolean;
  readonly connectTimeoutMs?: number;
  /** Per attempt; tests shorten it. */
  readonly attemptTimeoutMs?: number;
}

/** Nothing listens at the endpoint (refused, no route, connect timeout). */
export class EndpointUnreachable extends ActionError {
  override name = 'EndpointUnreachable';
}

/** Per attempt; a slow token fetch from Entra takes a few seconds, a hung endpoint forever. */
const ATTEMPT_TIMEOUT_MS = 10_000;

/** Microsoft's guidance for IMDS: 404 (updating), 408, 410 (updating), 429 (throttled), 5xx. */
export const isTransientForImds = (status: number): boolean => [404, 408, 410, 429].includes(status) || (status >= 500 && status <= 599);

export async function callWithRetries<T>(call: Call<T>, ctx: CallContext, options: CallOptions = {}): Promise<T> {
  const where = `${call.name} (${displayUrl(call.url)})`;
  const proxy = call.viaRunnerProxy ? proxyFor(call.url, ctx.env) : undefined;
  // The proxy's password goes to the proxy alone; whatever echoes it, the action never shows it.
  // (Held, not masked: an ::add-mask:: line would itself print it into the raw log.)
  if (proxy?.password) ctx.secrets.add(decodeURIComponent(proxy.password), { pieces: false });
  const from: Answerer = { where: capitalized(where), proxyHint: proxyHintFor(proxy, call.url, call.viaRunnerProxy === true) };
  if (call.credential) assertCredentialOrigin(call.url, call.credential.origin, call.credential.name);
  ctx.log.debug(
    `${call.method ?? 'GET'} ${call.url.origin}${call.url.pathname}${call.url.search}${proxy ? ` through the proxy ${proxy.origin}` : ''}`
  );
  let attemptNumber = 0;

  const attempt = async (remainingMs: number): Promise<Attempt<T>> => {
    const first = attemptNumber++ === 0;
    let response: HttpResponse;
    try {
      response = await ctx.send({
        method: call.method,
        url: call.url,
        headers: call.headers,
        body: call.body?.(),
        proxy,
        maxBodyBytes: call.maxBodyBytes,
        timeoutMs: Math.max(1, Math.min(options.attemptTimeoutMs ?? ATTEMPT_TIMEOUT_MS, remainingMs)),
        connectTimeoutMs: options.connectTimeoutMs
      });
    } catch (error) {
      if (!(error instanceof HttpFailure)) throw error;
      if (error.kind === 'connect' && first && options.giveUpIfUnreachable) throw new EndpointUnreachable(`${where}: ${error.message}`);
      const permanent = error.kind === 'connect' ? call.explainUnreachable?.(error) : undefined;
      if (permanent) throw new ActionError(`${from.where}: ${error.message}. ${permanent}`);
      if (error.kind === 'too-large') {
        const status = error.answer ? ` HTTP ${error.answer.status}${headerIdsText(error.answer.headers)} with` : '';
        throw new ActionError(`${from.where} answered${status} ${error.message}, more than any real answer. ${from.proxyHint}`);
      }
      if (error.kind === 'proxy') {
        throw new ActionError(
          error.code === '407'
            ? `${from.where}: ${error.message}: the proxy wants credentials. Give them in HTTPS_PROXY as http://user:password@host:port (percent-encoded) in the runner's environment.`
            : `${from.where}: ${error.message}: the proxy does not let the runner reach ${call.url.host}. Ask for it to be allowed, or list it in NO_PROXY if the runner can reach it directly.`
        );
      }
      if (error.kind === 'tls') {
        throw new ActionError(
          `${from.where}: ${error.message}. If a TLS-inspecting proxy or firewall re-signs traffic, give Node its CA ` +
            "certificate with NODE_EXTRA_CA_CERTS in the runner's environment (.env file of the runner)."
        );
      }
      return { retry: error.message };
    }
    ctx.log.debug(`${where} answered HTTP ${response.status}`);

    if (response.status === (call.expect ?? 200)) return { done: call.parse(response, from) };
    const details = describeErrorBody(response, ctx.secrets);
    if (call.isTransient(response.status)) {
      return {
        retry: `HTTP ${response.status} (${details})`,
        retryAfterMs: parseRetryAfter(response.headers['retry-after'], ctx.clock.now())
      };
    }
    throw new ActionError(refusal(from, call.request, response, details, call.explain?.(response.status, details, response)));
  };

  return withRetries(
    `${call.purpose} from ${where}`,
    attempt,
    { clock: ctx.clock, deadline: ctx.deadline, log: (m) => ctx.log.info(m) },
    ctx.timeoutSeconds
  );
}

function refusal(from: Answerer, request: string, response: HttpResponse, details: string, explanation: string | undefined): string {
  if (response.status >= 300 && response.status < 400) {
    const location = String(response.headers.location);
    const target = URL.canParse(location) ? ` to ${inert(new URL(location).host, 100)}` : '';
    // The body of a redirect is not shown, but its request ID is: the service's support can find the answer by it.
    return `${from.where} answered HTTP ${response.status}${headerIdsText(response.headers)}, a redirect${target}, which the action never follows. ${from.proxyHint}`;
  }
  const stated = `${from.where} refused the ${request}: HTTP ${response.status}, ${sentence(details)}`;
  if (explanation) return `${stated} ${explanation}`;
  if (looksLikeProxy(response)) return `${stated} ${from.proxyHint}`;
  return `${stated} A ${response.status} is a request error, so it was not retried; the endpoint's message above says what it rejected.`;
}
