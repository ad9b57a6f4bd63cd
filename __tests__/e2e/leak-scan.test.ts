/** The leak scan must itself be able to fail, or every e2e test that relies on it proves nothing. */
import { fakeJwt } from '../../__fixtures__/bodies.js';
import { findLeaks, findValueLeaks } from '../../__fixtures__/leaks.js';
import type { ActionRun } from '../../__fixtures__/run-action.js';

const token = fakeJwt();
const other = fakeJwt();
const clean = (): ActionRun => ({
  code: 0,
  signal: null,
  stdout: `::add-mask::${token}\nGot a Bearer token\n::add-mask::${other}\n`,
  stderr: '',
  outputs: { 'access-token': token, 'client-id': 'x' },
  exported: {},
  summary: '',
  files: { OUTPUT: `access-token<<ghadelimiter_1\n${token}\nghadelimiter_1\n`, ENV: '', STEP_SUMMARY: '', STATE: '', PATH: '' },
  durationMs: 1
});

describe('findLeaks', () => {
  it('allows the mask line, the access-token output and the asked-for export', () => {
    const run = { ...clean(), exported: { T: token }, files: { ...clean().files, ENV: `T<<d\n${token}\nd\n` } };
    expect(findLeaks(run, [token, other], { exportedAs: 'T' })).toEqual([]);
  });

  it('allows a registry password in the registry-password output, and nowhere else', () => {
    const password = fakeJwt();
    const run = { ...clean(), outputs: { ...clean().outputs, 'registry-password': password } };
    const withPassword = { ...run, files: { ...run.files, OUTPUT: `${run.files['OUTPUT']}registry-password<<d\n${password}\nd\n` } };
    expect(findLeaks(withPassword, [token, other, password])).toEqual([]);
    const twice = { ...withPassword, files: { ...withPassword.files, OUTPUT: `${withPassword.files['OUTPUT']}x<<d\n${password}\nd\n` } };
    expect(findLeaks(twice, [token, other, password])).toEqual(['GITHUB_OUTPUT file']);
    expect(findLeaks({ ...withPassword, stdout: `${run.stdout}password ${password}\n` }, [token, other, password])).toEqual([
      `stdout: password ${password}`.slice(0, 128)
    ]);
  });

  it.each([
    ['the token in a log line', (run: ActionRun) => ({ ...run, stdout: `${run.stdout}token is ${token}\n` }), 'stdout: token is'],
    [
      'its signature in an error',
      (run: ActionRun) => ({ ...run, stdout: `::error::bad ${token.split('.')[2]}\n` }),
      'stdout: ::error::bad'
    ],
    ['any 20 characters of it', (run: ActionRun) => ({ ...run, stderr: token.split('.')[2]!.slice(30, 50) }), 'stderr'],
    [
      'the token in the summary',
      (run: ActionRun) => ({ ...run, files: { ...run.files, STEP_SUMMARY: `| ${token} |` } }),
      'GITHUB_STEP_SUMMARY file'
    ],
    [
      'a second copy in the output file',
      (run: ActionRun) => ({ ...run, files: { ...run.files, OUTPUT: `${run.files['OUTPUT']}copy<<d\n${token}\nd\n` } }),
      'GITHUB_OUTPUT file'
    ],
    [
      'an export nobody asked for',
      (run: ActionRun) => ({ ...run, exported: { T: token }, files: { ...run.files, ENV: `T<<d\n${token}\nd\n` } }),
      'GITHUB_ENV file'
    ],
    ['a mask line for a different value', (run: ActionRun) => ({ ...run, stdout: `::add-mask::${token}x\n` }), 'stdout: ::add-mask::']
  ])('catches %s', (_, leak, where) => {
    const leaks = findLeaks(leak(clean()), [token, other]);
    expect(leaks.some((found) => found.startsWith(where))).toBe(true);
  });
});

describe('findValueLeaks (Key Vault values)', () => {
  const pem =
    '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nbm90LWEtcmVhbC1rZXktanVzdC1hLXRlc3Q=\n-----END PRIVATE KEY-----';
  const password = 'fake-db-password-1';
  const mask = `::add-mask::${pem.replace(/\n/g, '%0A')}`;
  const handed = (): ActionRun => ({
    ...clean(),
    stdout: `${mask}\n::add-mask::${password}\nRead the secret myvault/tls-key as TLS_KEY.\n`,
    outputs: { TLS_KEY: pem, DB_PASSWORD: password },
    files: { ...clean().files, OUTPUT: `TLS_KEY<<d1\n${pem}\nd1\nDB_PASSWORD<<d2\n${password}\nd2\n` }
  });
  const expected = { outputs: { TLS_KEY: pem, DB_PASSWORD: password } };

  it('allows each value on its mask line and in its own output, and nothing else', () => {
    expect(findValueLeaks(handed(), [pem, password], expected)).toEqual([]);
  });

  it.each([
    [
      'one line of a multi-line value in the log',
      (run: ActionRun) => ({ ...run, stdout: `${run.stdout}key line MIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n` }),
      'stdout shows'
    ],
    ['a line in stderr', (run: ActionRun) => ({ ...run, stderr: 'bm90LWEtcmVhbC1rZXktanVzdC1hLXRlc3Q=' }), 'stderr shows'],
    [
      'the value in the summary',
      (run: ActionRun) => ({ ...run, files: { ...run.files, STEP_SUMMARY: `<td>${password}</td>` } }),
      'GITHUB_STEP_SUMMARY shows'
    ],
    [
      'the value in base64',
      (run: ActionRun) => ({ ...run, stdout: `${run.stdout}${Buffer.from(password).toString('base64')}\n` }),
      'stdout shows'
    ],
    [
      'the value under another output name',
      (run: ActionRun) => ({ ...run, files: { ...run.files, OUTPUT: `${run.files['OUTPUT']}OTHER<<d3\n${password}\nd3\n` } }),
      'GITHUB_OUTPUT record OTHER'
    ],
    [
      'a line of it in another output',
      (run: ActionRun) => ({ ...run, files: { ...run.files, OUTPUT: `${run.files['OUTPUT']}x=MIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n` } }),
      'GITHUB_OUTPUT record x'
    ],
    [
      'an export nobody asked for',
      (run: ActionRun) => ({ ...run, files: { ...run.files, ENV: `DB_PASSWORD<<d4\n${password}\nd4\n` } }),
      'GITHUB_ENV record DB_PASSWORD'
    ],
    [
      'a mask line of another text holding it',
      (run: ActionRun) => ({ ...run, stdout: `${run.stdout}::add-mask::x ${password}\n` }),
      'stdout shows'
    ]
  ])('finds %s', (_what, change, found) => {
    const leaks = findValueLeaks(change(handed()), [pem, password], expected);
    expect(leaks).toEqual([expect.stringContaining(found)]);
  });

  it('finds a value handed over although the test expects nothing handed over (all or nothing)', () => {
    expect(findValueLeaks(handed(), [pem, password])).toEqual([
      expect.stringContaining('GITHUB_OUTPUT record TLS_KEY'),
      expect.stringContaining('GITHUB_OUTPUT record DB_PASSWORD')
    ]);
  });
});
