/**
 * Attacks from an outside review on Key Vault secrets through the whole action (run() with nock):
 * a vault that echoes a value back where the action quotes its answer, in forms the runner's
 * mask does not cover (cut short, escaped, whitespace folded), and in an order that puts the
 * echo before the value.
 */
import nock from 'nock';
import { fakeJwt, imdsTokenBody } from '../../__fixtures__/bodies.js';
import { fakeClock } from '../../__fixtures__/clock.js';
import { withInputs } from '../../__fixtures__/core.js';
import { isolateNetwork } from '../../__fixtures__/nock.js';
import { IMDS, IMDS_TOKEN_PATH } from '../../__fixtures__/vm.js';
import { send } from '../../src/http/send.js';
import { KEY_VAULT_API_VERSION } from '../../src/keyvault/secret-call.js';
import { run } from '../../src/main.js';

isolateNetwork();

const HOST = 'kv1.vault.azure.net';
const VERSION = 'ab'.repeat(16);
const deps = () => ({ send, clock: fakeClock(), env: {}, platform: 'linux' as const });

function tokens(): void {
  nock(IMDS)
    .get(IMDS_TOKEN_PATH)
    .query(true)
    .times(2)
    .reply(200, (uri: string) => {
      const resource = new URL(uri, IMDS).searchParams.get('resource')!;
      return imdsTokenBody(fakeJwt({ aud: resource }), { resource });
    });
}
const secret = (name: string) => nock(`https://${HOST}`).get(`/secrets/${name}`).query({ 'api-version': KEY_VAULT_API_VERSION });
const bundle = (name: string, value: string, extra: Record<string, unknown> = {}) => ({
  value,
  id: `https://${HOST}/secrets/${name}/${VERSION}`,
  attributes: { enabled: true },
  ...extra
});

/** Everything the action showed: log lines, the failure and the summary (what the runner's mask does not reach whole). */
const shown = (core: ReturnType<typeof withInputs>): string => [...core.logLines(), core.summaryText()].join('\n');

/** The pieces of `value` a reader must never see: every 12-character window of each of its lines. */
function pieces(value: string): string[] {
  const found = new Set<string>();
  for (const line of value.split('\n')) for (let at = 0; at + 12 <= line.length; at++) found.add(line.slice(at, at + 12));
  return [...found];
}
const leaked = (text: string, value: string): string[] => pieces(value).filter((piece) => text.includes(piece));

const PASSPHRASE =
  'correct horse battery staple and then some more words of the passphrase that the team uses for the production database, ' +
  'rotated every quarter by the on-call person, who writes the new one down nowhere but in this vault and the team room';

describe('a vault that echoes a value where the action quotes its answer', () => {
  it('shows no piece of a long value echoed in contentType (cut short before it could be recognised)', async () => {
    tokens();
    secret('pass').reply(200, bundle('pass', PASSPHRASE, { contentType: PASSPHRASE }));
    const core = withInputs({ 'key-vault-secrets': 'kv1/pass' });
    await run(core, deps());
    expect(core.failure()).toBeUndefined();
    expect(leaked(shown(core), PASSPHRASE)).toEqual([]);
  });

  it('shows no piece of a value with a tab echoed in contentType (escaped before it could be recognised)', async () => {
    const value = 'user\tS3cret-Passw0rd';
    tokens();
    secret('tab').reply(200, bundle('tab', value, { contentType: value }));
    const core = withInputs({ 'key-vault-secrets': 'kv1/tab' });
    await run(core, deps());
    expect(leaked(shown(core), value.replace('\t', '\\t'))).toEqual([]);
    expect(leaked(shown(core), value)).toEqual([]);
  });

  it("shows no piece of one secret's value echoed in another's error before the value arrived", async () => {
    const value = 'correct  horse  battery  staple';
    tokens();
    secret('slow').delay(300).reply(200, bundle('slow', value));
    secret('fast').reply(403, {
      error: { code: 'Forbidden', message: `Denied; you already have ${value}`, innererror: { code: 'ForbiddenByRbac' } }
    });
    const core = withInputs({ 'key-vault-secrets': 'kv1/slow\nkv1/fast' });
    await run(core, deps());
    expect(core.failure()).toContain('ForbiddenByRbac');
    expect(leaked(shown(core), value.replace(/\s+/g, ' '))).toEqual([]);
  });

  it("shows no piece of a value echoed as the answer's id (refused as another secret's)", async () => {
    tokens();
    secret('pass').reply(200, { value: PASSPHRASE, id: PASSPHRASE });
    const core = withInputs({ 'key-vault-secrets': 'kv1/pass' });
    await run(core, deps());
    expect(core.failure()).toContain('an answer for another secret is refused');
    expect(leaked(shown(core), PASSPHRASE)).toEqual([]);
  });
});
