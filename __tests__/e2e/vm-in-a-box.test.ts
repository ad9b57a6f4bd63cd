/**
 * An Azure VM in a box: the bundled action runs with default inputs and no `endpoint`, inside a
 * network namespace this test creates, where 169.254.169.254 is an address on the namespace's
 * own loopback and the emulator listens there on port 80 (and as the legacy extension on
 * 127.0.0.1:50342). The namespace has no other interface, so nothing can leave it.
 *
 * Needs root and iproute2's `ip`; without them the suite is skipped, and says so.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ip, networkNamespace, stopWhenOver } from '../../__fixtures__/cleanup.js';
import { findLeaks } from '../../__fixtures__/leaks.js';
import { runStep } from '../../__fixtures__/action-yml.js';
import { type ActionRun, ROOT } from '../../__fixtures__/run-action.js';

const why =
  process.getuid?.() !== 0
    ? 'not running as root'
    : spawnSync('ip', ['netns', 'list']).status !== 0
      ? '`ip netns` is not available'
      : undefined;
if (why) console.warn(`SKIPPED the "Azure VM in a box" suite: ${why} (it needs root and iproute2 to create network namespaces).`);

const EMULATOR = join(ROOT, '__fixtures__', 'emulator.js');

interface Box {
  readonly namespace: string;
  readonly issued: string[];
  act(inputs?: Record<string, string>): Promise<ActionRun>;
}

/**
 * A namespace with loopback up and, as asked, IMDS's address on it (`imds: 'address'`), a
 * route for IMDS into a cable nobody answers on (`imds: 'black-hole'`), or nothing (`imds: 'none'`),
 * and the emulator serving IMDS and/or the VM extension.
 */
async function box({ imds, emulate }: { imds: 'address' | 'black-hole' | 'none'; emulate: ('imds' | 'extension')[] }): Promise<Box> {
  // The namespace and the emulator in it go when the test is over (cleanup.js).
  const namespace = networkNamespace();
  if (imds === 'address') ip('-n', namespace, 'addr', 'add', '169.254.169.254/32', 'dev', 'lo');
  if (imds === 'black-hole') {
    // A cable with nobody at the other end: ARP for 169.254.169.254 goes unanswered.
    ip('-n', namespace, 'link', 'add', 'veth0', 'type', 'veth', 'peer', 'name', 'veth1');
    ip('-n', namespace, 'link', 'set', 'veth0', 'up');
    ip('-n', namespace, 'route', 'add', '169.254.169.254/32', 'dev', 'veth0');
  }

  const issued: string[] = [];
  if (emulate.length > 0) {
    const args = ['netns', 'exec', namespace, process.execPath, EMULATOR, '--print-tokens'];
    if (emulate.includes('imds')) args.push('--host', '169.254.169.254', '--port', '80');
    else args.push('--host', '127.0.0.1', '--port', '0');
    if (emulate.includes('extension')) args.push('--extension-port', '50342');
    const emulator: ChildProcess = spawn('ip', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    stopWhenOver(emulator);
    await new Promise<void>((resolve, reject) => {
      let buffered = '';
      emulator.stdout!.on('data', (chunk: Buffer) => {
        buffered += chunk;
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines) {
          if (line.startsWith('issued ')) issued.push(line.slice(7));
          if (line.startsWith('listening ')) resolve();
        }
      });
      emulator.on('exit', (code) => reject(new Error(`the emulator exited (${code})`)));
      setTimeout(() => reject(new Error('the emulator did not start in 10 s')), 10_000).unref();
    });
  }
  return {
    namespace,
    issued,
    act: async (inputs = {}) => {
      const run = await runStep({ inputs, wrapper: ['ip', 'netns', 'exec', namespace], killAfterMs: 60_000 });
      await new Promise((resolve) => setTimeout(resolve, 50)); // the emulator's last "issued" line
      expect(findLeaks(run, issued)).toEqual([]);
      return run;
    }
  };
}

const errorLine = (run: ActionRun): string => run.stdout.split('\n').find((line) => line.startsWith('::error::')) ?? '';

(why ? describe.skip : describe)('an Azure VM in a box (network namespace, default inputs)', () => {
  it('gets the token from IMDS at 169.254.169.254, with one request', async () => {
    const vm = await box({ imds: 'address', emulate: ['imds', 'extension'] });
    const run = await vm.act();
    expect(run.code).toBe(0);
    expect(run.outputs['source']).toBe('imds');
    expect(run.outputs['access-token']).toBe(vm.issued[0]);
    expect(vm.issued).toHaveLength(1);
    expect(run.stdout).toContain('from http://169.254.169.254/metadata/identity/oauth2/token (source: imds)');
  });

  it('falls back to the VM extension when there is no route to IMDS, and warns', async () => {
    const vm = await box({ imds: 'none', emulate: ['extension'] });
    const run = await vm.act();
    expect(run.code).toBe(0);
    expect(run.outputs['source']).toBe('vm-extension');
    expect(run.stdout).toContain(
      'IMDS (http://169.254.169.254/metadata/identity/oauth2/token): no route to the host (ENETUNREACH); trying the legacy VM extension.'
    );
    expect(run.stdout).toMatch(/^::warning::The token came from the legacy Managed Identity VM extension/m);
    expect(run.durationMs).toBeLessThan(3000);
  });

  it('falls back when IMDS is refusing (address up, nothing listening)', async () => {
    const vm = await box({ imds: 'address', emulate: ['extension'] });
    const run = await vm.act();
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      'IMDS (http://169.254.169.254/metadata/identity/oauth2/token): connection refused; trying the legacy VM extension.'
    );
  });

  it('falls back after about 3 s when IMDS is black-holed (a route, nobody answering)', async () => {
    const vm = await box({ imds: 'black-hole', emulate: ['extension'] });
    const run = await vm.act();
    expect(run.code).toBe(0);
    expect(run.outputs['source']).toBe('vm-extension');
    expect(run.stdout).toMatch(
      /IMDS \(http:\/\/169\.254\.169\.254\/metadata\/identity\/oauth2\/token\): (could not connect within 3 s|no route to the host \(EHOSTUNREACH\)); trying the legacy VM extension\./
    );
    expect(run.durationMs).toBeGreaterThan(2800);
    expect(run.durationMs).toBeLessThan(6000);
  });

  it('says nothing answers, and what to check, when neither endpoint is there', async () => {
    const vm = await box({ imds: 'none', emulate: [] });
    const run = await vm.act();
    expect(run.code).toBe(1);
    expect(errorLine(run)).toContain(
      '::error::No managed identity endpoint answered: IMDS (http://169.254.169.254/metadata/identity/oauth2/token): no route to the host (ENETUNREACH); the VM extension (http://localhost:50342/oauth2/token): connection refused. Is this runner an Azure VM'
    );
    expect(run.durationMs).toBeLessThan(3000);
  });

  it("with source 'imds' keeps retrying an unreachable IMDS until timeout-seconds instead of falling back", async () => {
    const vm = await box({ imds: 'none', emulate: ['extension'] });
    const run = await vm.act({ source: 'imds', 'timeout-seconds': '4' });
    expect(run.code).toBe(1);
    expect(vm.issued).toEqual([]);
    expect(errorLine(run)).toMatch(
      /^::error::Timed out getting a token from IMDS \(http:\/\/169\.254\.169\.254\/metadata\/identity\/oauth2\/token\) after [2-9] attempts .*Last failure: no route to the host \(ENETUNREACH\)\.$/
    );
  });
});
