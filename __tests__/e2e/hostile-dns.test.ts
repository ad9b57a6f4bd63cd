/**
 * A DNS server that never answers: the name lookup runs in Node's thread pool, where no deadline
 * can stop it, and it would keep the process alive long after timeout-seconds. The bundle runs in
 * a network namespace whose resolv.conf (`ip netns exec` mounts /etc/netns/<name>/resolv.conf)
 * names a nameserver on the namespace's loopback that receives queries and never replies.
 *
 * Needs root and iproute2's `ip`; without them the suite is skipped, and says so.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { IDS } from '../../__fixtures__/bodies.js';
import { networkNamespace, stopWhenOver, temporaryFolder } from '../../__fixtures__/cleanup.js';
import { runStep } from '../../__fixtures__/action-yml.js';

const why =
  process.getuid?.() !== 0
    ? 'not running as root'
    : spawnSync('ip', ['netns', 'list']).status !== 0
      ? '`ip netns` is not available'
      : undefined;
if (why) console.warn(`SKIPPED the silent-DNS suite: ${why} (it needs root and iproute2 to create a network namespace).`);

let namespace = '';

(why ? describe.skip : describe)('a DNS server that never answers', () => {
  // The namespace, its /etc/netns folder and the nameserver go after the file (cleanup.js).
  beforeAll(async () => {
    namespace = networkNamespace({ resolvConf: 'nameserver 127.0.0.1\noptions timeout:20 attempts:2\n' });
    const silent = "require('dgram').createSocket('udp4').bind(53, '127.0.0.1', () => console.log('listening'))";
    const nameserver: ChildProcess = spawn('ip', ['netns', 'exec', namespace, process.execPath, '-e', silent], {
      stdio: ['ignore', 'pipe', 'inherit']
    });
    stopWhenOver(nameserver);
    await new Promise<void>((resolve, reject) => {
      nameserver.stdout!.once('data', () => resolve());
      nameserver.once('exit', (code) => reject(new Error(`the silent nameserver exited (${code})`)));
    });
  });

  it('does not keep the step alive past timeout-seconds + 1 s while the lookup hangs', async () => {
    const tokenFile = join(temporaryFolder('msi-token-dns-'), 'token');
    writeFileSync(tokenFile, 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6cnVubmVyczpkbnMifQ.c2lnbmF0dXJl');
    const run = await runStep({
      inputs: { source: 'workload-identity', 'timeout-seconds': '2' },
      env: {
        AZURE_FEDERATED_TOKEN_FILE: tokenFile,
        AZURE_CLIENT_ID: IDS.clientId,
        AZURE_TENANT_ID: IDS.tenantId,
        AZURE_AUTHORITY_HOST: 'https://login.example.test/'
      },
      wrapper: ['ip', 'netns', 'exec', namespace],
      killAfterMs: 30_000
    });
    expect(run.stdout).toMatch(/^::error::Timed out getting a token from Microsoft Entra ID \(workload identity\)/m);
    // The lookup alone would hold the process for 20 s or more.
    expect(run.durationMs).toBeLessThan(3000 + 1500);
    expect(run.code === 0).toBe(false);
  }, 40_000);
});
