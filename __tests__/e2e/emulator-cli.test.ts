/**
 * The emulator run by hand (`node __fixtures__/emulator.js 8080`), as the README and .env.example
 * tell a newcomer to: it starts from a clone whose path has a space, plays each host it says it
 * plays (an Azure VM's IMDS, App Service / Container Apps, and the Azure Arc agent where its key
 * folder is writable), and never prints an issued token unless asked to.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ensureFolder, temporaryFolder } from '../../__fixtures__/cleanup.js';
import { fragmentsOf } from '../../__fixtures__/leaks.js';
import { ROOT, runAction } from '../../__fixtures__/run-action.js';

const ARC_FOLDER = '/var/opt/azcmagent/tokens';
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A copy of the emulator in a folder whose name has spaces, started as a newcomer would. */
async function byHand(...args: string[]): Promise<{ output: () => string; lines: string }> {
  const folder = temporaryFolder('a clone with spaces ');
  mkdirSync(join(folder, '__fixtures__'));
  copyFileSync(join(ROOT, '__fixtures__', 'emulator.js'), join(folder, '__fixtures__', 'emulator.js'));
  const child = spawn(process.execPath, [join('__fixtures__', 'emulator.js'), ...args], { cwd: folder });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise((resolve) => child.on('exit', resolve));
  cleanups.push(async () => {
    child.kill('SIGTERM');
    await exited;
  });
  await new Promise<void>((resolve, reject) => {
    const done = (error?: Error) => {
      clearInterval(poll);
      clearTimeout(timer);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve();
    };
    const onExit = (code: number | null) => done(new Error(`the emulator exited (${code}); it printed:\n${output}`));
    const timer = setTimeout(() => done(new Error(`the emulator did not start in 10 s; it printed:\n${output}`)), 10_000);
    const poll = setInterval(() => /Issued tokens are/.test(output) && done(), 20);
    child.on('exit', onExit);
  });
  return { output: () => output, lines: output };
}

const setting = (lines: string, pattern: RegExp): string => pattern.exec(lines)?.[1] ?? '';

describe('the emulator run by hand', () => {
  it('starts from a path with spaces and plays an Azure VM, printing no token', async () => {
    const emulator = await byHand('0');
    const endpoint = setting(emulator.lines, /Azure VM .*: input endpoint=(\S+)/);
    expect(endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const run = await runAction({ inputs: { endpoint, resource: 'https://vault.azure.net' }, killAfterMs: 30_000 });
    expect(run.code).toBe(0);
    expect(run.outputs['source']).toBe('imds');
    const token = run.outputs['access-token'] ?? '';
    await new Promise((resolve) => setTimeout(resolve, 100)); // its "issued" line
    expect(emulator.output()).toMatch(
      /issued a token for https:\/\/vault\.azure\.net to client ID [0-9a-f-]{36} \(\d+ characters, not shown\)/
    );
    expect(fragmentsOf(token).filter((fragment) => emulator.output().includes(fragment))).toEqual([]);
  });

  it('plays App Service / Container Apps with the settings it prints', async () => {
    const emulator = await byHand('0');
    const identityEndpoint = setting(emulator.lines, /IDENTITY_ENDPOINT=(\S+\/msi\/token)/);
    const identityHeader = setting(emulator.lines, /IDENTITY_HEADER=(\S+)/);
    const run = await runAction({ env: { IDENTITY_ENDPOINT: identityEndpoint, IDENTITY_HEADER: identityHeader }, killAfterMs: 30_000 });
    expect(run.code).toBe(0);
    expect(run.outputs['source']).toBe('app-service');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const token = run.outputs['access-token'] ?? '';
    expect(token).not.toBe('');
    expect(fragmentsOf(token).filter((fragment) => emulator.output().includes(fragment))).toEqual([]);
  });

  it('prints issued tokens in full only with --print-tokens', async () => {
    const emulator = await byHand('--print-tokens', '0');
    const endpoint = setting(emulator.lines, /input endpoint=(\S+)/);
    const run = await runAction({ inputs: { endpoint }, killAfterMs: 30_000 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(emulator.output()).toContain(`issued ${run.outputs['access-token']}`);
  });

  const root = process.getuid?.() === 0;
  // The agent's key folder is fixed (the action refuses any other), so playing Arc needs to write there.
  (root ? it : it.skip)('plays the Azure Arc agent when its key folder is writable, and says why not otherwise', async () => {
    const before = await byHand('0');
    const writable = (() => {
      try {
        accessSync(ARC_FOLDER, constants.W_OK);
        return true;
      } catch {
        return false;
      }
    })();
    if (!writable)
      expect(before.lines).toContain(`Azure Arc agent: not played, because the action reads the agent's key files only from ${ARC_FOLDER}`);

    // Made where missing, and removed after the whole run (other test files use it too).
    ensureFolder(ARC_FOLDER);
    const emulator = await byHand('0');
    const identityEndpoint = setting(emulator.lines, /Azure Arc agent: IDENTITY_ENDPOINT=(\S+)/);
    const imdsEndpoint = setting(emulator.lines, /IMDS_ENDPOINT=(\S+)/);
    const run = await runAction({ env: { IDENTITY_ENDPOINT: identityEndpoint, IMDS_ENDPOINT: imdsEndpoint }, killAfterMs: 30_000 });
    expect(run.code).toBe(0);
    expect(run.outputs['source']).toBe('arc');
  });
});
