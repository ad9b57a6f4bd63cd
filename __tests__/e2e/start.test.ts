/**
 * `npm start` is the first thing a newcomer runs: on a fresh clone, on any Node from 20 on, it
 * must show the action's default step run from the committed bundle against the local emulators
 * (IMDS; Resource Manager and the container registry over TLS when asked), print the step log as
 * the runner shows it (no raw workflow-command escapes), never send anything past loopback, and
 * never stop the step before the action's own deadline does.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { action } from '../../__fixtures__/action-yml.js';
import { stopWhenOver } from '../../__fixtures__/cleanup.js';
import { ROOT } from '../../__fixtures__/run-action.js';
import { declaredInputs } from '../../scripts/action-inputs.js';

const START = join(ROOT, 'scripts', 'start.js');
const JWT = /eyJ[\w-]{10,}\.[\w-]{10,}\.[\w-]{10,}/;

async function start(...args: string[]): Promise<{ code: number | null; output: string; ms: number }> {
  return startOn(process.execPath, ...args);
}

async function startOn(node: string, ...args: string[]): Promise<{ code: number | null; output: string; ms: number }> {
  const began = Date.now();
  // A clean environment, as a newcomer's shell would be: no proxies, no runner variables. TMPDIR
  // is the test run's own (see __fixtures__/suite-start.js), so that what it leaves is found.
  const child = spawn(node, [START, ...args], { cwd: ROOT, env: { PATH: process.env['PATH'] ?? '', TMPDIR: tmpdir() } });
  stopWhenOver(child);
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, output, ms: Date.now() - began };
}

const stepLog = (output: string): string => output.split('── step log (as the runner shows it) ──')[1]?.split('── step outputs')[0] ?? '';

/** Older Node installations on this machine (the system's own, say). */
const olderNode = [...new Set([...(process.env['PATH'] ?? '').split(delimiter), '/usr/bin', '/usr/local/bin', '/bin'])]
  .map((dir) => join(dir, 'node'))
  .filter((node) => existsSync(node))
  .find((node) => Number(spawnSync(node, ['-p', 'process.versions.node.split(".")[0]'], { encoding: 'utf8' }).stdout.trim()) < 24);

describe('the inputs npm start reads from action.yml without a YAML parser', () => {
  it('are the ones the YAML parser reads, with their descriptions and defaults', () => {
    const expected = Object.entries(action.inputs).map(([name, input]) => ({
      name,
      description: String(input.description ?? '')
        .replace(/\s+/g, ' ')
        .trim(),
      default: input.default === undefined ? '' : String(input.default)
    }));
    expect(declaredInputs(ROOT)).toEqual(expected);
  });
});

describe('npm start', () => {
  it("shows the action's default step: a token, no check on Resource Manager", async () => {
    const { code, output } = await start();
    expect(code).toBe(0);
    expect(stepLog(output)).toMatch(/^Got a Bearer token for https:\/\/management\.azure\.com\/ from http:\/\/127\.0\.0\.1:\d+/m);
    expect(output).not.toContain('Verified');
    expect(output).not.toContain('Resource Manager emulator');
    expect(output).toMatch(/^ {2}access-token +\*\*\* \(\d+ characters, masked in logs\)$/m);
    expect(output).toMatch(/The step succeeded in [\d.]+ s \(IMDS emulator: 1 request\(s\)\)\./);
    expect(output).not.toMatch(JWT);
  });

  it('adds the check with verify=true, against the Resource Manager emulator', async () => {
    const { code, output } = await start('verify=true');
    expect(code).toBe(0);
    expect(stepLog(output)).toMatch(/^Verified: this identity read the runner VM's own record from https:\/\/127\.0\.0\.1:\d+\.$/m);
    expect(output).toMatch(/^ {2}vm-name +vm-runner-01$/m);
    expect(output).toMatch(/The step succeeded in [\d.]+ s \(IMDS emulator: 2 request\(s\), Resource Manager emulator: 1\)\./);
    expect(output).not.toMatch(JWT);
  });

  it("gets a registry password from the registry emulator, the README's example name resolved by nothing but the test resolver", async () => {
    const { code, output } = await start('container-registry=myregistry.azurecr.io');
    expect(code).toBe(0);
    expect(stepLog(output)).toContain('Got a password for the container registry myregistry.azurecr.io.');
    expect(output).toMatch(/^ {2}registry-password +\*\*\* \(\d+ characters, masked in logs\)$/m);
    expect(output).toMatch(/container registry emulator: 1\)\./);
    expect(output).not.toMatch(JWT);
  });

  it('reads Key Vault secrets from the Key Vault emulator, and shows them masked', async () => {
    const { code, output } = await start(
      'key-vault-secrets=myvault/db-password\nhttps://gov1.vault.usgovcloudapi.net/secrets/api-key > API'
    );
    expect(code).toBe(0);
    expect(stepLog(output)).toContain('Read the secret myvault/db-password (version ');
    expect(output).toMatch(/^ {2}DB_PASSWORD +\*\*\* \(\d+ characters, masked in logs\)$/m);
    expect(output).toMatch(/^ {2}API +\*\*\* \(\d+ characters, masked in logs\)$/m);
    expect(output).toMatch(/Key Vault emulator: 2\)\./);
    expect(output).not.toContain('demo value of');
  });

  it('lists the inputs it takes with --help', async () => {
    const { code, output } = await start('--help');
    expect(code).toBe(0);
    for (const name of Object.keys(action.inputs)) expect(output).toMatch(new RegExp(`^ {2}${name} +\\S`, 'm'));
  });

  it("gives an unknown input the runner's own warning, and runs the step", async () => {
    const { code, output } = await start('colour=blue');
    expect(code).toBe(0);
    expect(stepLog(output)).toMatch(
      /^Warning: Unexpected input\(s\) 'colour', valid inputs are \['resource', 'client-id', .*'export-secrets'\]$/m
    );
  });

  (olderNode ? it : it.skip)(`runs on an older Node (${olderNode ?? 'none on this machine'}) and says so in one line`, async () => {
    const { code, output } = await startOn(olderNode!);
    expect(code).toBe(0);
    expect(output).toMatch(/^GitHub runs this action on Node 24; this local run uses Node v(?:20|22|23)\.\d+\.\d+\.$/m);
    expect(output).toMatch(/The step succeeded/);
  });

  it('shows a multi-line error and debug URLs decoded, as the runner does', async () => {
    const { code, output } = await start('resource=a b', 'timeout-seconds=0', '--debug');
    expect(code).toBe(1);
    const log = stepLog(output);
    expect(log).toMatch(/^Error: Input 'resource' must be one resource URI .*\nInput 'timeout-seconds' must be a positive number/m);
    expect(log).not.toMatch(/%0A|%0D|%25|^::/m);

    const debugged = await start('--debug');
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
