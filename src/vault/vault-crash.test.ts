import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createRng } from '../core/rng.js';
import { generateMasterKey } from '../crypto/master-key.js';
import { Vault } from './vault.js';
import { verifyDataFolder } from './verify-data-folder.js';

const here = dirname(fileURLToPath(import.meta.url));
const url = (rel: string) => pathToFileURL(join(here, rel)).href;

// The child: opens the vault and commits versions of random size (several chunks each) without pause,
// printing each root once its commit has returned, until it is killed.
const CHILD = `
import { Vault } from '${url('vault.ts')}';
import { parseMasterKey } from '${url('../crypto/master-key.ts')}';
import { createRng } from '${url('../core/rng.ts')}';
const [dataDir, seed] = [process.env.VAULT_DIR, Number(process.env.VAULT_SEED)];
const vault = await Vault.open({ dataDir, masterKey: parseMasterKey(process.env.VAULT_KEY), chunkSizeBytes: 4096, checkpointEvery: 7 });
const who = { actor: 'writer', origin: 'child-' + seed };
if (!(await vault.store.dataset('crash'))) await vault.createDataset('crash', who);
process.stdout.write('ready\\n');
const rng = createRng(seed);
for (let i = 0; ; i++) {
  const bytes = Buffer.alloc(2000 + rng.nextInt(40000));
  for (let j = 0; j < bytes.length; j++) bytes[j] = rng.nextInt(256);
  const v = await vault.commitVersion('crash', bytes, { ...who, meta: { seed, i } });
  if (i % 2 === 1) await vault.setVersionStatus(v.root, 'quarantined', who);
  process.stdout.write('committed ' + v.root + '\\n');
}
`;

/** How long a child may take to open the vault before it is killed regardless. */
const READY_TIMEOUT_MS = 30_000;

interface ChildRun {
  readonly committed: string[];
  readonly signal: NodeJS.Signals | null;
}

function runAndKill(dataDir: string, key: string, seed: number, delayMs: number): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', CHILD], {
      env: { ...process.env, VAULT_DIR: dataDir, VAULT_KEY: key, VAULT_SEED: String(seed) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const committed: string[] = [];
    let out = '';
    let err = '';
    let armed = false;
    // A child that never reports ready (seen once: stuck loading its modules under tsx on a loaded
    // machine) is killed anyway: a kill at any moment is what this test is about.
    const fallback = setTimeout(() => {
      if (!armed) {
        armed = true;
        child.kill('SIGKILL');
      }
    }, READY_TIMEOUT_MS);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      let nl: number;
      while ((nl = out.indexOf('\n')) >= 0) {
        const line = out.slice(0, nl);
        out = out.slice(nl + 1);
        if (line.startsWith('committed ')) committed.push(line.slice(10));
        if (line === 'ready' && !armed) {
          armed = true;
          setTimeout(() => child.kill('SIGKILL'), delayMs);
        }
      }
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(fallback);
      if (signal !== 'SIGKILL') reject(new Error(`child exited by itself (code ${code}): ${err}`));
      else resolve({ committed, signal });
    });
  });
}

describe('crash safety', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'antidote-crash-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('SIGKILL at random moments of commits, 20 times: every visible version reads back intact and the ledger verifies', async () => {
    const master = generateMasterKey();
    const key = master.key.toString('hex');
    const rng = createRng(2024);
    const everCommitted = new Set<string>();
    let orphansSeen = 0;
    for (let i = 0; i < 20; i++) {
      const run = await runAndKill(dataDir, key, i + 1, 50 + rng.nextInt(600));
      for (const r of run.committed) everCommitted.add(r);

      // offline, before anything is swept: nothing altered, at most orphans of the interrupted commit
      const report = await verifyDataFolder(dataDir, { masterKey: master });
      expect(report.problems, `iteration ${i}`).toEqual([]);
      orphansSeen += report.notes.length;

      const vault = await Vault.open({ dataDir, masterKey: master });
      const versions = await vault.store.versions();
      const visible = new Set(versions.map((v) => v.root));
      // durability: a commit that returned is visible
      for (const r of everCommitted) expect(visible.has(r), `committed ${r} lost after iteration ${i}`).toBe(true);
      // atomicity: every visible version is whole
      for (const v of versions) {
        const read = await vault.readVersion(v.root);
        expect(read.bytes.length).toBe(read.signed.manifest.sizeBytes);
      }
      expect(await vault.verifyLedger()).toEqual([]);
      // the sweep at open removed the leftovers
      expect((await verifyDataFolder(dataDir)).notes.filter((n) => n.subject === 'blob_file')).toEqual([]);
      await vault.close();
    }
    expect(everCommitted.size).toBeGreaterThan(0);
    console.log(`crash test: ${everCommitted.size} versions acknowledged over 20 kills; ${orphansSeen} orphan files found and swept`);
  }, 600_000);
});
