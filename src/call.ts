/**
 * One request to an Azure endpoint, retried the way Microsoft recommends, with a message for
 * every way it can fail. Token endpoints, IMDS instance metadata and ARM all go through here;
 * each describes its endpoint as a `Call` (what to send, which statuses are transient, how to
 * read a 200, which refusals it can explain).
 */
import { ActionError, capitalized, sentence } from './errors.js';
import { HttpFailure, type HttpResponse, type Send } from './http.js';
import { type Attempt, type Clock, parseRetryAfter, withRetries } from './retry.js';
import { describeErrorBody, looksLikeProxy, PROXY_HINT, proxiedHint } from './answers.js';

export interface Log {
  info(message: string): void;
  warning(message: string): void;
  debug(message: string): void;
}

export interface CallContext {
  readonly send: Send;
  readonly clock: Clock;
  /** Epoch milliseconds: the end of timeout-seconds. */
  readonly deadline: number;
  readonly timeoutSeconds: number;
  readonly log: Log;
  /** Called with every secret the moment it exists (tokens, credentials read from files). */
  readonly maskSecret: (secret: string) => void;
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
  /** Go through this proxy (ARM, Entra); managed identity endpoints never have one. */
  readonly proxy?: URL | undefined;
  readonly isTransient: (status: number) => boolean;
  /** The status `parse` reads: 200, or 401 for Azure Arc's challenge. */
  readonly expect?: number;
  /** Reads the expected answer; `where` names the endpoint for its error messages. */
  readonly parse: (response: HttpResponse, where: string) => T;
  /** The likely fix for a refusal this endpoint is known to give, if any. */
  readonly explain?: (status: number, details: string, response: HttpResponse) => string | undefined;
  /**
   * The one origin the credential in this request may go to; set on every call that carries one.
   * Nothing is sent when `url` has another origin.
   */
  readonly credentialOrigin?: string;
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
  const address = `${call.url.origin}${call.url.pathname}`;
  const where = `${call.name} (${address})`;
  // A bug, not a user error: URLs are built from validated parts, so this never fires in use.
  if (call.credentialOrigin !== undefined && call.url.origin !== call.credentialOrigin) {
    throw new Error(`Refusing to send a credential meant for ${call.credentialOrigin} to ${call.url.origin}.`);
  }
  ctx.log.debug(`${call.method ?? 'GET'} ${call.url.href}${call.proxy ? ` through the proxy ${call.proxy.origin}` : ''}`);
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
        proxy: call.proxy,
        timeoutMs: Math.max(1, Math.min(options.attemptTimeoutMs ?? ATTEMPT_TIMEOUT_MS, remainingMs)),
        connectTimeoutMs: options.connectTimeoutMs
      });
    } catch (error) {
      if (!(error instanceof HttpFailure)) throw error;
      if (error.kind === 'connect' && first && options.giveUpIfUnreachable) throw new EndpointUnreachable(`${where}: ${error.message}`);
      const permanent = error.kind === 'connect' ? call.explainUnreachable?.(error) : undefined;
      if (permanent) throw new ActionError(`${capitalized(where)}: ${error.message}. ${permanent}`);
      if (error.kind === 'too-large')
        throw new ActionError(`${capitalized(where)} sent ${error.message}, more than any real answer, ${PROXY_HINT}`);
      if (error.kind === 'tls') {
        throw new ActionError(
          `${capitalized(where)}: ${error.message}. If a TLS-inspecting proxy or firewall re-signs traffic, give Node its CA ` +
            "certificate with NODE_EXTRA_CA_CERTS in the runner's environment (.env file of the runner)."
        );
      }
      return { retry: error.message };
    }
    ctx.log.debug(`${where} answered HTTP ${response.status}`);

    if (response.status === (call.expect ?? 200)) return { done: call.parse(response, capitalized(where)) };
    const details = describeErrorBody(response.body);
    if (call.isTransient(response.status)) {
      return {
        retry: `HTTP ${response.status} (${details})`,
        retryAfterMs: parseRetryAfter(response.headers['retry-after'], ctx.clock.now())
      };
    }
    const proxyHint = call.proxy ? proxiedHint(call.proxy, call.url.host) : PROXY_HINT;
    throw new ActionError(refusal(where, call.request, response, details, call.explain?.(response.status, details, response), proxyHint));
  };

  return withRetries(
    `${call.purpose} from ${where}`,
    attempt,
    { clock: ctx.clock, deadline: ctx.deadline, log: (m) => ctx.log.info(m) },
    ctx.timeoutSeconds
  );
}

function refusal(
  where: string,
  request: string,
  response: HttpResponse,
  details: string,
  explanation: string | undefined,
  proxyHint: string
): string {
  if (response.status >= 300 && response.status < 400) {
    const location = String(response.headers.location);
    const target = URL.canParse(location) ? ` to ${new URL(location).host}` : '';
    return `${capitalized(where)} answered HTTP ${response.status}, a redirect${target}, which the action never follows: ${proxyHint}`;
  }
  const stated = `${capitalized(where)} refused the ${request}: HTTP ${response.status}, ${sentence(details)}`;
  if (explanation) return `${stated} ${explanation}`;
  if (looksLikeProxy(response)) return `${stated} The answer looks like a proxy's, ${proxyHint}`;
  return `${stated} A ${response.status} is a request error, so it was not retried; the endpoint's message above says what it rejected.`;
}
