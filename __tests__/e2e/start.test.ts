/**
 * `npm start` is the first thing a newcomer runs: it must show a verified run of the committed
 * bundle against the local emulators (IMDS, and Resource Manager over TLS), print the step log as
 * the runner shows it (no raw workflow-command escapes), and never stop the step before the
 * action's own deadline does.
 */
import { spawn } from 'node:child_process';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stopWhenOver } from '../../__fixtures__/cleanup.js';
import { ROOT } from '../../__fixtures__/run-action.js';

const START = join(ROOT, 'scripts', 'start.js');
const JWT = /eyJ[\w-]{10,}\.[\w-]{10,}\.[\w-]{10,}/;

async function start(...args: string[]): Promise<{ code: number | null; output: string; ms: number }> {
  const began = Date.now();
  // A clean environment, as a newcomer's shell would be: no proxies, no runner variables. TMPDIR
  // is the test run's own (see __fixtures__/suite-start.js), so that what it leaves is found.
  const child = spawn(process.execPath, [START, ...args], { cwd: ROOT, env: { PATH: process.env['PATH'] ?? '', TMPDIR: tmpdir() } });
  stopWhenOver(child);
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, output, ms: Date.now() - began };
}

const stepLog = (output: string): string => output.split('── step log (as the runner shows it) ──')[1]?.split('── step outputs')[0] ?? '';

describe('npm start', () => {
  it('shows a verified run against the IMDS and Resource Manager emulators', async () => {
    const { code, output } = await start();
    expect(code).toBe(0);
    expect(stepLog(output)).toMatch(/^Verified: this identity read the runner VM's own record from https:\/\/127\.0\.0\.1:\d+\.$/m);
    expect(output).toMatch(/^ {2}vm-name +vm-runner-01$/m);
    expect(output).toMatch(/^ {2}access-token +\*\*\* \(\d+ characters, masked in logs\)$/m);
    expect(output).toMatch(/The step succeeded in [\d.]+ s \(IMDS emulator: 2 request\(s\), Resource Manager emulator: 1\)\./);
    expect(output).not.toMatch(JWT);
  });

  it('gets the token only with verify=false', async () => {
    const { code, output } = await start('verify=false');
    expect(code).toBe(0);
    expect(output).not.toContain('Verified');
    expect(output).toContain('Resource Manager emulator: 0');
  });

  it('shows a multi-line error and debug URLs decoded, as the runner does', async () => {
    const { code, output } = await start('resource=a b', 'timeout-seconds=0', '--debug');
    expect(code).toBe(1);
    const log = stepLog(output);
    expect(log).toMatch(/^Error: Input 'resource' must be one resource URI .*\nInput 'timeout-seconds' must be a positive number/m);
    expect(log).not.toMatch(/%0A|%0D|%25|^::/m);

    const debugged = await start('--debug', 'verify=false');
    expect(stepLog(debugged.output)).toMatch(
      /^##\[debug\]GET http:\/\/127\.0\.0\.1:\d+\/metadata\/identity\/oauth2\/token\?.*resource=https%3A%2F%2Fmanagement/m
    );
    expect(debugged.output).not.toContain('%253A');
  });

  it("never stops the step before the action's own deadline: it gives it timeout-seconds plus a margin", async () => {
    const { output } = await start('timeout-seconds=3600', 'resource=not a uri');
    expect(output).toContain('npm start stops it if it is still running after 3615 s');
  });

  describe('against an endpoint that never answers', () => {
    let server: Server;
    let port = 0;
    const sockets: Socket[] = [];
    beforeAll(async () => {
      server = createServer((socket) => void sockets.push(socket)); // accepts, never answers
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as { port: number }).port;
    });
    afterAll(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    it("lets the action's own deadline end the step, with its error", async () => {
      const { code, output, ms } = await start(`endpoint=http://127.0.0.1:${port}`, 'source=imds', 'timeout-seconds=3', 'verify=false');
      expect(code).toBe(1);
      expect(stepLog(output)).toMatch(/^Error: .*127\.0\.0\.1/m);
      expect(output).not.toContain('npm start stopped it');
      expect(output).toMatch(/The step failed \(exit code 1\)/);
      expect(ms).toBeLessThan(15_000);
    });
  });
});
