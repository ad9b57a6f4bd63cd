/**
 * `npm run local-action` (scripts/run-local-action.js around GitHub's @github/local-action): takes
 * its inputs from the file named, else `.env`, else `.env.example`; exits 1 when the action fails
 * (local-action alone exits 0, or dumps its own stack trace); says why access-token is missing
 * from local-action's output table; and never prints the token.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stopWhenOver, temporaryFolder } from '../../__fixtures__/cleanup.js';
import { startEmulator } from '../../__fixtures__/emulator.js';
import { fragmentsOf } from '../../__fixtures__/leaks.js';
import { ROOT } from '../../__fixtures__/run-action.js';
import { chooseEnvFile } from '../../scripts/run-local-action.js';

const tempFolder = (): string => temporaryFolder('local-action-');
// The TMPDIR of local-action's children for the whole file: tsx keeps its compile cache there.
const childTemp = tempFolder();

describe('the environment file', () => {
  it('is the one named, else .env when there is one, else .env.example', () => {
    const folder = tempFolder();
    expect(chooseEnvFile(folder, 'mine.env')).toBe('mine.env');
    expect(chooseEnvFile(folder, undefined)).toBe('.env.example');
    writeFileSync(join(folder, '.env'), 'INPUT_RESOURCE=https://vault.azure.net\n');
    expect(chooseEnvFile(folder, undefined)).toBe('.env');
  });
});

describe('npm run local-action', () => {
  async function localAction(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
    const file = join(tempFolder(), 'test.env');
    writeFileSync(
      file,
      Object.entries(env)
        .map(([name, value]) => `${name}=${value}\n`)
        .join('')
    );
    // A clean environment, as a newcomer's shell would be (no NODE_OPTIONS from Jest).
    const child = spawn(process.execPath, [join(ROOT, 'scripts', 'run-local-action.js'), file], {
      cwd: ROOT,
      env: {
        PATH: process.env['PATH'] ?? '',
        HOME: process.env['HOME'] ?? childTemp,
        TMPDIR: childTemp,
        npm_config_update_notifier: 'false'
      }
    });
    stopWhenOver(child);
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    return { code, output };
  }

  it('exits 0 when the action succeeds, explains the skipped access-token, and never prints the token', async () => {
    const emulator = await startEmulator();
    try {
      const { code, output } = await localAction({ INPUT_ENDPOINT: emulator.url, 'INPUT_TIMEOUT-SECONDS': '10' });
      expect(output).toContain('The action succeeded.');
      expect(code).toBe(0);
      expect(output).toContain('Skip output access-token since it may contain secret');
      expect(output).toContain(
        "Note: local-action leaves access-token out of its outputs because it holds a masked value. That copies the runner's rule"
      );
      expect(output).not.toContain('The job summary was not written');
      expect(output).toContain("The job summary the step wrote (Markdown, as GitHub renders it on the run's page):");
      expect(emulator.issuedTokens).toHaveLength(1);
      const token = emulator.issuedTokens[0]!;
      expect(fragmentsOf(token).filter((fragment) => output.includes(fragment))).toEqual([]);
    } finally {
      await emulator.close();
    }
  }, 60_000);

  it('exits 1 when the action fails, with its error and without a stack trace of its own', async () => {
    const { code, output } = await localAction({ INPUT_RESOURCE: 'not a uri', 'INPUT_TIMEOUT-SECONDS': '10' });
    expect(code).toBe(1);
    expect(output).toContain("::error::Input 'resource' must be one resource URI");
    expect(output).toContain('The action failed (exit code 1): its ::error:: line above says why.');
    expect(output).not.toContain('Error: Command failed');
  }, 60_000);

  it('says at once that the emulator is not running when nothing answers at the local endpoint', async () => {
    const emulator = await startEmulator();
    const url = emulator.url;
    await emulator.close();
    const started = Date.now();
    const { code, output } = await localAction({ INPUT_ENDPOINT: url, 'INPUT_TIMEOUT-SECONDS': '10' });
    expect(code).toBe(1);
    expect(output).toContain(`Nothing answers at ${url} (INPUT_ENDPOINT in`);
    expect(output).toContain(`start the emulator first, in another terminal: node __fixtures__/emulator.js ${new URL(url).port}`);
    expect(Date.now() - started).toBeLessThan(8_000);
  }, 60_000);
});
