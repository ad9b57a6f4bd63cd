/**
 * The tests' own clean-up (__fixtures__/cleanup.js, cleanup-hooks.js, suite-start.js,
 * suite-end.js): what a test makes goes when it is over, what a file makes when the file is,
 * system folders exactly as far as the run made them, and the run's end names whatever is left.
 * The order of the tests matters here: each second test checks what the first one left.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createdFolders,
  defer,
  ensureFolder,
  networkNamespace,
  RUN_DIR_VARIABLE,
  stopWhenOver,
  temporaryFolder
} from '../__fixtures__/cleanup.js';
import { leftoversOfRun, listTree, RUN_DIR_PREFIX } from '../__fixtures__/leftovers.js';
import { failOnLeftovers } from '../__fixtures__/suite-end.js';

const fileScoped = temporaryFolder('msi-token-cleanup-file-');

describe("the run's temporary folder", () => {
  it('is os.tmpdir() in every worker (suite-start.js set TMPDIR before they started)', () => {
    expect(process.env[RUN_DIR_VARIABLE]).toBeTruthy();
    expect(tmpdir()).toBe(join(process.env[RUN_DIR_VARIABLE]!, 'tmp'));
  });
});

describe('what a test makes', () => {
  let made = '';
  let stillThereForTheLaterUndo = false;
  it('is there during the test', () => {
    made = temporaryFolder('msi-token-cleanup-');
    writeFileSync(join(made, 'secret.txt'), 'x');
    symlinkSync(join(made, 'secret.txt'), join(made, 'link.key'));
    defer(() => (stillThereForTheLaterUndo = existsSync(made)));
    expect(existsSync(join(made, 'link.key'))).toBe(true);
  });

  it('is gone after it, newest first (what was deferred later ran before the folder went)', () => {
    expect(existsSync(made)).toBe(false);
    expect(stillThereForTheLaterUndo).toBe(true);
  });

  it("what the file made stays until the file's end", () => {
    expect(existsSync(fileScoped)).toBe(true);
  });
});

describe('a child a test started', () => {
  let child: ReturnType<typeof spawn> | undefined;
  it('runs during the test', () => {
    child = spawn('sleep', ['60'], { stdio: 'ignore' });
    stopWhenOver(child);
    expect(child.exitCode).toBeNull();
  });

  it('is killed when the test is over (as when it timed out)', () => {
    expect(child?.signalCode).toBe('SIGKILL');
  });
});

describe('system folders', () => {
  const saved = process.env[RUN_DIR_VARIABLE];
  let run = '';
  let system = '';
  beforeEach(() => {
    // A run of its own, so that the real run's record stays as it is.
    run = join(temporaryFolder('msi-token-cleanup-'), `${RUN_DIR_PREFIX}${process.pid}-abcdef`);
    mkdirSync(join(run, 'tmp'), { recursive: true });
    process.env[RUN_DIR_VARIABLE] = run;
    system = temporaryFolder('msi-token-cleanup-system-');
    mkdirSync(join(system, 'var'));
  });
  afterEach(() => {
    process.env[RUN_DIR_VARIABLE] = saved;
  });

  it('are made only where missing, and only the levels made are recorded', () => {
    ensureFolder(join(system, 'var', 'opt', 'azcmagent', 'tokens'));
    ensureFolder(join(system, 'var', 'opt', 'azcmagent', 'tokens'));
    expect(createdFolders(run)).toEqual([
      join(system, 'var', 'opt'),
      join(system, 'var', 'opt', 'azcmagent'),
      join(system, 'var', 'opt', 'azcmagent', 'tokens')
    ]);
  });

  it("are removed after the run exactly as made, naming what was left in them and in the run's TMPDIR", () => {
    const tokens = ensureFolder(join(system, 'var', 'opt', 'azcmagent', 'tokens'));
    writeFileSync(join(tokens, 'forgotten.key'), 'k');
    const doc = join(run, 'tmp', 'msi-token-doc-abc');
    mkdirSync(doc);
    writeFileSync(join(doc, 'secret.txt'), 'x');
    symlinkSync(join(doc, 'secret.txt'), join(doc, 'link.key'));
    execFileSync('mkfifo', [join(run, 'tmp', 'fifo')]);
    const netns = temporaryFolder('msi-token-cleanup-netns-');
    mkdirSync(join(netns, 'msi-token-abcdef-1'));
    mkdirSync(join(netns, 'msi-token-other-1'));

    const leftovers = leftoversOfRun({ runDir: run, runId: 'abcdef', netnsConfig: netns });

    expect(leftovers).toEqual([
      join(run, 'tmp', 'fifo (FIFO)'),
      `${doc}/`,
      `${join(doc, 'link.key')} -> ${join(doc, 'secret.txt')}`,
      join(doc, 'secret.txt'),
      `${join(netns, 'msi-token-abcdef-1')}/`,
      join(tokens, 'forgotten.key')
    ]);
    expect(existsSync(join(system, 'var', 'opt'))).toBe(false);
    expect(existsSync(join(system, 'var'))).toBe(true);
    expect(existsSync(run)).toBe(false);
    expect(listTree(netns)).toEqual([`${join(netns, 'msi-token-other-1')}/`]);
  });

  it('fail the run by name when anything was left, and pass it when nothing was', () => {
    expect(() => failOnLeftovers(['/tmp/x/msi-token-doc-abc/', '/tmp/x/msi-token-doc-abc/link.key -> secret.txt'])).toThrow(
      'The tests left 2 thing(s) outside the clone (removed now; make each with __fixtures__/cleanup.js):\n' +
        '  - /tmp/x/msi-token-doc-abc/\n' +
        '  - /tmp/x/msi-token-doc-abc/link.key -> secret.txt'
    );
    expect(() => failOnLeftovers([])).not.toThrow();
  });
});

const why =
  process.getuid?.() !== 0
    ? 'not running as root'
    : spawnSync('ip', ['netns', 'list']).status !== 0
      ? '`ip netns` is not available'
      : undefined;
(why ? describe.skip : describe)('a network namespace (needs root and iproute2)', () => {
  let name = '';
  it('is there, with its resolv.conf, during the test', () => {
    name = networkNamespace({ resolvConf: 'nameserver 127.0.0.1\n' });
    expect(name).toMatch(new RegExp(`^msi-token-${process.env['MSI_TOKEN_TEST_RUN_ID']}-${process.pid}-\\d+$`));
    expect(spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout).toContain(name);
    expect(existsSync(`/etc/netns/${name}/resolv.conf`)).toBe(true);
  });

  it('is gone after it, with its /etc/netns folder', () => {
    expect(spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout).not.toContain(name);
    expect(existsSync(`/etc/netns/${name}`)).toBe(false);
  });
});
