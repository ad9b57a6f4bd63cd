import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nock from 'nock';
import { fakeJwt, imdsTokenBody } from '../../__fixtures__/bodies.js';
import { temporaryFolder } from '../../__fixtures__/cleanup.js';
import { tokenContext } from '../../__fixtures__/context.js';
import { isolateNetwork } from '../../__fixtures__/nock.js';
import { actionErrorOf } from '../../__fixtures__/failures.js';
import { IMDS_TOKEN_PATH } from '../../__fixtures__/vm.js';
import { arcToken, arcTokensFolder, readKey } from '../../src/sources/arc.js';

isolateNetwork();

const AGENT = 'http://127.0.0.1:40342';
let folder: string;
beforeEach(() => {
  folder = temporaryFolder('arc-tokens-');
});

const inputs = (overrides = {}) => ({ resource: 'https://management.azure.com/', identity: undefined, endpoint: undefined, ...overrides });
const refusal = actionErrorOf;

describe('the Azure Arc token request', () => {
  it('answers the challenge with the key file the agent names, masking its content first', async () => {
    const key = 'a3f1c09e8b7d4e2f';
    const keyFile = join(folder, '5f0e6d3c.key');
    writeFileSync(keyFile, key);
    const token = fakeJwt();
    const challenge = nock(AGENT, { badheaders: ['authorization'] })
      .get(IMDS_TOKEN_PATH)
      .query({ 'api-version': '2020-06-01', resource: 'https://management.azure.com/' })
      .matchHeader('metadata', 'true')
      .reply(401, '', { 'WWW-Authenticate': `Basic realm=${keyFile}` });
    const answered = nock(AGENT)
      .get(IMDS_TOKEN_PATH)
      .query(true)
      .matchHeader('authorization', `Basic ${key}`)
      .reply(200, imdsTokenBody(token));
    const ctx = tokenContext();
    await expect(arcToken(inputs(), ctx, folder)).resolves.toMatchObject({ source: 'arc', token });
    challenge.done();
    answered.done();
    expect(ctx.masked).toEqual([key, token]);
  });

  it('uses IDENTITY_ENDPOINT when the agent sets it', async () => {
    nock('http://localhost:40342')
      .get(IMDS_TOKEN_PATH)
      .query(true)
      .reply(401, '', { 'WWW-Authenticate': `Basic realm=${join(folder, 'missing.key')}` });
    await expect(
      arcToken(inputs(), tokenContext({ env: { IDENTITY_ENDPOINT: `http://localhost:40342${IMDS_TOKEN_PATH}` } }), folder)
    ).rejects.toThrow('(ENOENT)');
  });

  it('refuses a user-assigned identity: Arc servers have only their own', async () => {
    await expect(
      arcToken(inputs({ identity: { input: 'client-id', value: '00000000-0000-0000-0000-000000000001' } }), tokenContext(), folder)
    ).rejects.toThrow("Input 'client-id' cannot be used with source 'arc'");
  });

  it("refuses a 401 without the agent's challenge", async () => {
    nock(AGENT).get(IMDS_TOKEN_PATH).query(true).reply(401, 'no');
    await expect(arcToken(inputs(), tokenContext(), folder)).rejects.toThrow(
      'answered 401 without the agent\'s "Basic realm=<key file>" challenge'
    );
  });

  describe('the key file checks', () => {
    it.each([
      ['outside the folder', () => '/etc/shadow.key', 'is not directly inside'],
      ['climbing out of it', () => join(folder, '..', 'x.key'), 'is not directly inside'],
      ['in a folder below it', () => join(folder, 'sub', 'x.key'), 'is not directly inside'],
      ['of another kind', () => join(folder, 'x.txt'), 'is not a .key file']
    ])('refuses a file %s', (_, file, why) => {
      expect(refusal(() => readKey(file(), folder, 'linux'))).toContain(`which ${why}`);
    });

    it('refuses a file over 4 KiB', () => {
      const file = join(folder, 'big.key');
      writeFileSync(file, 'x'.repeat(4097));
      expect(refusal(() => readKey(file, folder, 'linux'))).toContain('is 4097 bytes, more than the 4096 such a file ever holds');
    });

    it('refuses a link, which could point anywhere', () => {
      writeFileSync(join(folder, 'secret.txt'), 'not a key');
      symlinkSync(join(folder, 'secret.txt'), join(folder, 'link.key'));
      expect(refusal(() => readKey(join(folder, 'link.key'), folder, 'linux'))).toContain('is a symbolic link, which could point anywhere');
    });

    it('refuses a folder named like a key', () => {
      mkdirSync(join(folder, 'dir.key'));
      expect(refusal(() => readKey(join(folder, 'dir.key'), folder, 'linux'))).toContain('is not a regular file');
    });

    it('says which group the runner needs when the file cannot be read', () => {
      expect(refusal(() => readKey(join(folder, 'gone.key'), folder, 'linux'))).toContain(
        'add the account the runner runs as to the himds group'
      );
      expect(
        refusal(() =>
          readKey(
            'C:\\ProgramData\\AzureConnectedMachineAgent\\Tokens\\gone.key',
            'C:\\ProgramData\\AzureConnectedMachineAgent\\Tokens',
            'win32'
          )
        )
      ).toContain("'Hybrid agent extension applications' group (or Administrators)");
    });

    it.each([
      'D:\\x.key',
      'C:\\ProgramData\\AzureConnectedMachineAgent\\Tokens\\..\\x.key',
      'C:\\ProgramData\\AzureConnectedMachineAgent\\Tokens\\x.exe'
    ])('applies the same rules to Windows paths: refuses %p', (file) => {
      expect(refusal(() => readKey(file, 'C:\\ProgramData\\AzureConnectedMachineAgent\\Tokens', 'win32'))).toContain(
        'refused as a possible attack'
      );
    });

    it('knows where the agent keeps its keys on each platform', () => {
      expect(arcTokensFolder('linux', {})).toBe('/var/opt/azcmagent/tokens');
      expect(arcTokensFolder('win32', { ProgramData: 'D:\\Data' })).toBe('D:\\Data\\AzureConnectedMachineAgent\\Tokens');
      expect(arcTokensFolder('win32', {})).toBe('C:\\ProgramData\\AzureConnectedMachineAgent\\Tokens');
    });
  });
});
