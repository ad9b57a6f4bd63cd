/**
 * Asks one managed identity token endpoint for a token: the request, the retries Microsoft
 * recommends, and a message for every way it can fail. Each source (IMDS, the VM extension, …)
 * describes its endpoint as a `TokenEndpoint`; this module does the rest the same way for all.
 */
import { readClaims } from './claims.js';
import { ActionError } from './errors.js';
import { HttpFailure, type HttpResponse, type Send } from './http.js';
import { type Attempt, type Clock, parseRetryAfter, withRetries } from './retry.js';
import { describeErrorBody, looksLikeHtml, parseTokenBody, PROXY_HINT } from './token-response.js';

export type SourceName = 'imds' | 'vm-extension';

export interface Log {
  info(message: string): void;
  warning(message: string): void;
  debug(message: string): void;
}

export interface TokenContext {
  readonly send: Send;
  readonly clock: Clock;
  /** Epoch milliseconds: the end of timeout-seconds. */
  readonly deadline: number;
  readonly timeoutSeconds: number;
  readonly log: Log;
  /** Called with every secret the moment it exists (the token, and later issues' credentials). */
  readonly maskSecret: (secret: string) => void;
}

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
  readonly source: SourceName;
  /** The endpoint that answered, without query. */
  readonly endpoint: string;
}

export interface TokenEndpoint {
  readonly source: SourceName;
  /** For messages: "IMDS", "the VM extension". */
  readonly name: string;
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  /** The resource asked for, reported when the answer does not echo it. */
  readonly resource: string;
  /** The likely fix for a refusal this endpoint is known to give, if any. */
  readonly explain?: (status: number, details: string) => string | undefined;
}

export interface RequestOptions {
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

// Microsoft's guidance for IMDS: 404 (updating), 408, 410 (updating, back within 70 s),
// 429 (throttled) and 5xx are transient; any other 4xx is a design-time error.
const isTransient = (status: number): boolean => [404, 408, 410, 429].includes(status) || (status >= 500 && status <= 599);

export async function requestToken(endpoint: TokenEndpoint, ctx: TokenContext, options: RequestOptions = {}): Promise<AccessToken> {
  const address = `${endpoint.url.origin}${endpoint.url.pathname}`;
  const where = `${endpoint.name} (${address})`;
  ctx.log.debug(`GET ${endpoint.url.href}`);
  let attemptNumber = 0;

  const attempt = async (remainingMs: number): Promise<Attempt<AccessToken>> => {
    const first = attemptNumber++ === 0;
    let response: HttpResponse;
    try {
      response = await ctx.send({
        url: endpoint.url,
        headers: endpoint.headers,
        timeoutMs: Math.max(1, Math.min(options.attemptTimeoutMs ?? ATTEMPT_TIMEOUT_MS, remainingMs)),
        connectTimeoutMs: options.connectTimeoutMs
      });
    } catch (error) {
      if (!(error instanceof HttpFailure)) throw error;
      if (error.kind === 'connect' && first && options.giveUpIfUnreachable) throw new EndpointUnreachable(`${where}: ${error.message}`);
      if (error.kind === 'too-large') throw new ActionError(`${where} answered with ${error.message}, which is no token answer: ${PROXY_HINT}`);
      return { retry: error.message };
    }
    ctx.log.debug(`${where} answered HTTP ${response.status}`);

    if (response.status === 200) {
      const parsed = parseTokenBody(response.body, ctx.clock.now(), where, ctx.maskSecret);
      const claims = readClaims(parsed.accessToken);
      return {
        done: {
          token: parsed.accessToken,
          expiresOn: parsed.expiresOn,
          tokenType: parsed.tokenType,
          resource: parsed.resource ?? endpoint.resource,
          clientId: parsed.clientId ?? claims.clientId ?? '',
          objectId: parsed.objectId ?? claims.objectId ?? '',
          tenantId: claims.tenantId ?? '',
          identityResourceId: parsed.identityResourceId ?? claims.identityResourceId ?? '',
          source: endpoint.source,
          endpoint: address
        }
      };
    }
    const details = describeErrorBody(response.body);
    if (isTransient(response.status)) {
      return {
        retry: `HTTP ${response.status} (${details})`,
        retryAfterMs: parseRetryAfter(response.headers['retry-after'], ctx.clock.now())
      };
    }
    throw new ActionError(refusal(where, response, details, endpoint.explain?.(response.status, details)));
  };

  return withRetries(`getting a token from ${where}`, attempt, { clock: ctx.clock, deadline: ctx.deadline, log: (message) => ctx.log.info(message) }, ctx.timeoutSeconds);
}

function refusal(where: string, response: HttpResponse, details: string, explanation: string | undefined): string {
  if (response.status >= 300 && response.status < 400) {
    const target = URL.canParse(String(response.headers.location)) ? ` to ${new URL(String(response.headers.location)).host}` : '';
    return `${where} answered HTTP ${response.status}, a redirect${target}, which the action never follows: ${PROXY_HINT}`;
  }
  const stated = `${where} refused the token request: HTTP ${response.status}, ${details}.`;
  if (explanation) return `${stated} ${explanation}`;
  if (looksLikeProxy(response)) return `${stated} The answer looks like a proxy's, ${PROXY_HINT}`;
  return `${stated} A ${response.status} is a request error, so it was not retried; the endpoint's message above says what it rejected.`;
}

function looksLikeProxy(response: HttpResponse): boolean {
  return (
    response.status === 407 ||
    ['via', 'proxy-agent', 'x-squid-error', 'proxy-connection'].some((name) => name in response.headers) ||
    looksLikeHtml(response.body) ||
    /proxy|x-forwarded-for|directly connect/i.test(response.body)
  );
}
