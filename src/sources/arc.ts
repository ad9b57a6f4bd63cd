/**
 * Azure Arc-enabled servers (runners outside Azure): the Connected Machine agent serves tokens
 * at `http://127.0.0.1:40342/metadata/identity/oauth2/token` after a challenge. The first
 * request answers 401 with `WWW-Authenticate: Basic realm=<key file>`; whoever may read that
 * file proves to be on the machine by sending its content back. Since the file's content is
 * sent as a credential, the file must be where the agent keeps its keys — anything else could be
 * an impostor asking the runner to send it some other secret.
 */
import path from 'node:path';
import { callWithRetries, isTransientForImds } from '../http/call.js';
import { readFileOnce, UnsafeFile } from '../file-once.js';
import { parseEndpointUrl, urlFrom } from '../http/endpoint-url.js';
import { ActionError, capitalized } from '../text/errors.js';
import { inert } from '../text/inert.js';
import type { Inputs } from '../inputs.js';
import { selectorProblem } from './table.js';
import { requestToken } from '../token/request.js';
import type { AccessToken } from '../types.js';
import type { SourceContext } from './context.js';

const ARC_DEFAULT_ENDPOINT = 'http://127.0.0.1:40342/metadata/identity/oauth2/token';
const API_VERSION = '2020-06-01';
/** The agent's keys are a few dozen bytes; the SDKs refuse anything over 4 KiB. */
const MAX_KEY_BYTES = 4096;
const NAME = 'the Azure Arc agent';

export function arcTokensFolder(platform: NodeJS.Platform, env: SourceContext['env']): string {
  return platform === 'win32'
    ? path.win32.join(env['ProgramData'] ?? 'C:\\ProgramData', 'AzureConnectedMachineAgent', 'Tokens')
    : '/var/opt/azcmagent/tokens';
}

type TokenInputs = Pick<Inputs, 'resource' | 'identity' | 'endpoint'>;

export async function arcToken(
  inputs: TokenInputs,
  ctx: SourceContext,
  tokensFolder = arcTokensFolder(ctx.platform, ctx.env)
): Promise<AccessToken> {
  if (inputs.identity) throw new ActionError(selectorProblem('arc', inputs.identity)!);
  const base = arcEndpoint(inputs, ctx.env);
  const url = urlFrom(base, '', { 'api-version': API_VERSION, resource: inputs.resource });

  const keyFile = await callWithRetries(
    {
      name: NAME,
      purpose: 'getting a token',
      request: 'token request',
      url,
      headers: { Metadata: 'true' },
      isTransient: isTransientForImds,
      expect: 401,
      parse: (response, { where }) => {
        const realm = /^Basic realm=(.+)$/i.exec(String(response.headers['www-authenticate'] ?? '').trim())?.[1];
        if (!realm)
          throw new ActionError(
            `${where} answered 401 without the agent's "Basic realm=<key file>" challenge, so it is not an Azure Arc agent.`
          );
        return realm;
      }
    },
    ctx
  );
  const key = readKey(keyFile, tokensFolder, ctx.platform);
  ctx.maskSecret(key);
  return requestToken(
    {
      source: 'arc',
      name: NAME,
      url,
      headers: { Metadata: 'true', Authorization: `Basic ${key}` },
      credential: { name: "the Azure Arc agent's key", origin: base.origin },
      resource: inputs.resource
    },
    ctx
  );
}

/** The agent's address: the input, else what the agent announces, else its fixed default; plain http to this machine only. */
function arcEndpoint(inputs: TokenInputs, env: SourceContext['env']): URL {
  const example = 'http://127.0.0.1:40342/metadata/identity/oauth2/token';
  // IMDS_ENDPOINT names the agent's instance metadata; it is not used, but a broken one says the environment is not the agent's.
  if (env['IMDS_ENDPOINT'])
    parseEndpointUrl(env['IMDS_ENDPOINT'], { holder: 'The environment variable IMDS_ENDPOINT', example: 'http://localhost:40342' });
  if (inputs.endpoint) return parseEndpointUrl(inputs.endpoint, { holder: "Input 'endpoint'", example });
  if (env['IDENTITY_ENDPOINT'])
    return parseEndpointUrl(env['IDENTITY_ENDPOINT'], { holder: 'The environment variable IDENTITY_ENDPOINT', example });
  return new URL(ARC_DEFAULT_ENDPOINT);
}

/**
 * Reads the challenge's key file, if it is one: a .key file directly inside the agent's folder,
 * opened once without following links, a regular file with one link, at most 4 KiB.
 */
export function readKey(file: string, folder: string, platform: NodeJS.Platform): string {
  const paths = platform === 'win32' ? path.win32 : path.posix;
  const same = (a: string, b: string): boolean => (platform === 'win32' ? a.toLowerCase() === b.toLowerCase() : a === b);
  const refuse = (why: string): ActionError =>
    new ActionError(
      `${capitalized(NAME)} asked for the key file ${inert(file)}, which ${why}: refused as a possible attack (whatever answers on the agent's ` +
        `port could name any file, to have its content sent as a credential). The agent keeps its keys as .key files in ${folder}.`
    );
  if (!same(paths.dirname(paths.normalize(file)), folder) || paths.normalize(file) !== file)
    throw refuse(`is not directly inside ${folder}`);
  if (paths.extname(file).toLowerCase() !== '.key') throw refuse('is not a .key file');
  let key: string;
  try {
    // The key is one line; the newline that ends it is not part of it.
    key = readFileOnce(file, { maxBytes: MAX_KEY_BYTES, followLinks: false }).replace(/\r?\n$/, '');
  } catch (error) {
    if (error instanceof UnsafeFile) throw refuse(error.message);
    throw unreadable(file, error, platform);
  }
  // It travels in a header: printable ASCII only, like every key the agent writes.
  if (!/^[\x21-\x7e]{8,}$/.test(key)) throw refuse('does not hold a key (at least 8 printable characters, no spaces or line breaks)');
  return key;
}

function unreadable(file: string, error: unknown, platform: NodeJS.Platform): ActionError {
  const code = (error as NodeJS.ErrnoException).code ?? String(error);
  const fix =
    platform === 'win32'
      ? "run the runner service as a member of the local 'Hybrid agent extension applications' group (or Administrators)"
      : 'add the account the runner runs as to the himds group (sudo usermod -aG himds <runner-user>) and restart the runner service';
  return new ActionError(
    `${capitalized(NAME)} asked for its key file ${inert(file)}, which the runner cannot read (${inert(code)}): ${fix}.`
  );
}
