import { spawn, spawnSync, type ChildProcessByStdio } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { createRng, permutation, sampleIndices, type Rng } from '../../src/core/rng.js';
import { MASTER_KEY_ENV } from '../../src/crypto/master-key.js';
import { AntidoteClient, ApiResponseError } from '../../src/server/client/antidote-client.js';
import { localMasterKey } from '../../src/server/local-admin.js';
import { Vault } from '../../src/vault/vault.js';
import { verifyDataFolder } from '../../src/vault/verify-data-folder.js';
import { BATCH_CSV, PASSWORD, ROOT, VERIFIED_CSV } from './server-fixture.js';

// Crash safety of the server (issue 5): `antidote serve --demo` runs as a real child process; batches
// are uploaded over HTTPS back to back and the server is killed with SIGKILL at a seeded random
// moment spread over the upload, scan and commit window, then restarted on the same data folder.
// After every kill: the offline verifier finds nothing altered (orphan notes allowed), every
// version the vault lists reads back whole, the ledger verifies, and every upload the client saw
// acknowledged is fully there after the restart (its batch listed, its versions readable, its
// snapshot verified on read by the client).

const HAS_OPENSSL = spawnSync('openssl', ['version']).status === 0;
const KILLS = Number(process.env['ANTIDOTE_CRASH_KILLS'] ?? 8);
const PROJECT = 'demo';
const DATASET = 'breast-cancer';

type ServerChild = ChildProcessByStdio<null, Readable, Readable>;
interface Running {
  readonly child: ServerChild;
  readonly url: string;
  readonly oneTimePassword: string | null;
  readonly exited: Promise<NodeJS.Signals | null>;
}

/** Starts `antidote serve --demo` on `dataDir` and resolves once it listens. */
function startServer(dataDir: string): Promise<Running> {
  const env = { ...process.env };
  delete env[MASTER_KEY_ENV]; // the key file in the data folder, the same on every start
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', "import('./src/cli/main.ts').then(async (m) => { process.exitCode = await m.main(process.argv.slice(1)); })", 'serve', '--data-dir', dataDir, '--port', '0', '--demo'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`serve did not get ready: ${out}`));
    }, 120_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      if (!out.includes('Ctrl-C stops the server.')) return;
      clearTimeout(timer);
      child.stdout.off('data', onData);
      const url = /Antidote API on (https:\/\/\S+)/.exec(out)?.[1];
      if (url === undefined) return reject(new Error(`no URL in the output of serve: ${out}`));
      resolve({ child, url, oneTimePassword: /One-time password[^\n]*\n\s+(\S{43})/.exec(out)?.[1] ?? null, exited });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`serve exited before it was ready (code ${code}, signal ${signal}): ${out}`));
    });
  });
}

async function connect(dataDir: string, url: string): Promise<AntidoteClient> {
  const client = new AntidoteClient({ baseUrl: url, ca: readFileSync(join(dataDir, 'tls', 'cert.pem')), timeoutMs: 120_000 });
  await client.login('admin', PASSWORD);
  return client;
}

/** Data rows of a CSV (header dropped). */
function dataRows(csv: Buffer): string[] {
  return csv.toString('utf8').split(/\r?\n/).filter((l) => l !== '').slice(1);
}
const HEADER = BATCH_CSV.toString('utf8').split(/\r?\n/)[0]!;
const CLEAN_ROWS = dataRows(VERIFIED_CSV);
const POISONED_ROWS = dataRows(BATCH_CSV);

/**
 * A batch of its own content: 120 rows of the verified table and 49 of the poisoned example batch,
 * drawn and ordered by `rng`, so an upload usually commits both a quarantined version (the flagged
 * rows) and a new snapshot (the accepted rows).
 */
function mixedBatch(rng: Rng): Buffer {
  const draw = (from: readonly string[], k: number) => Array.from(sampleIndices(from.length, k, rng), (i) => from[i]!);
  const rows = [...draw(CLEAN_ROWS, 120), ...draw(POISONED_ROWS, 49)];
  const order = permutation(rows.length, rng);
  return Buffer.from([HEADER, ...Array.from(order, (i) => rows[i]!)].join('\n') + '\n');
}

interface Acknowledged {
  readonly batch: string;
  readonly quarantineRoot: string | null;
  readonly acceptedInto: string | null;
}

describe('crash safety of the server', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'antidote-upload-crash-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it.skipIf(!HAS_OPENSSL)(`SIGKILL at random moments of HTTPS uploads, ${KILLS} times: acknowledged uploads survive whole, every version reads back, the ledger verifies`, async () => {
    const killRng = createRng(5005);
    const contentRng = createRng(5006);
    const acknowledged: Acknowledged[] = [];
    let server = await startServer(dataDir);
    expect(server.oneTimePassword).not.toBeNull();
    {
      const first = new AntidoteClient({ baseUrl: server.url, ca: readFileSync(join(dataDir, 'tls', 'cert.pem')) });
      await first.login('admin', server.oneTimePassword!);
      await first.changePassword(server.oneTimePassword!, PASSWORD);
      first.close();
    }

    // Two uploads timed after a restart: the first pays for profiling the baseline (cold), the
    // second is warm. The kills are spread over the window they span.
    server.child.kill('SIGTERM');
    await server.exited;
    server = await startServer(dataDir);
    let client = await connect(dataDir, server.url);
    const timedUpload = async (): Promise<number> => {
      const t0 = performance.now();
      const b = await client.pushBatch(PROJECT, DATASET, mixedBatch(contentRng));
      acknowledged.push({ batch: b.batch, quarantineRoot: b.quarantineRoot, acceptedInto: b.acceptedInto });
      return performance.now() - t0;
    };
    const coldMs = await timedUpload();
    const warmMs = await timedUpload();

    let interrupted = 0;
    let orphanNotes = 0;
    const strayVersions = new Set<string>();
    const strayHeads = new Set<string>();
    for (let k = 0; k < KILLS; k++) {
      // Uploads back to back until the kill; each one's answer is recorded when it arrives. Even
      // kills fall anywhere from the first (cold) upload to the third; odd kills fall in the second
      // half of a warm upload (after the first answer), where the scan ends and the commits run.
      const tail = k % 2 === 1;
      const delayMs = Math.round(tail ? warmMs * (0.6 + 0.5 * killRng.next()) : 0.1 * coldMs + (0.9 * coldMs + 2 * warmMs) * killRng.next());
      let killed = false;
      let failure: unknown = null;
      let firstAnswer: () => void = () => undefined;
      const answered = new Promise<void>((resolve) => (firstAnswer = resolve));
      const uploader = (async () => {
        while (!killed) {
          const csv = mixedBatch(contentRng);
          try {
            const b = await client.pushBatch(PROJECT, DATASET, csv);
            acknowledged.push({ batch: b.batch, quarantineRoot: b.quarantineRoot, acceptedInto: b.acceptedInto });
          } catch (e) {
            interrupted++;
            failure = e;
            return; // the connection died with the server
          } finally {
            firstAnswer();
          }
        }
      })();
      if (tail) await answered;
      await new Promise((r) => setTimeout(r, delayMs));
      killed = true;
      server.child.kill('SIGKILL');
      expect(await server.exited).toBe('SIGKILL');
      await uploader;
      client.close();
      // An upload may only fail because the server died under it, never with an answer of the server.
      expect(failure, `kill ${k}`).not.toBeInstanceOf(ApiResponseError);

      // Offline, before the restart sweeps anything: nothing altered, at most orphans of the interrupted commit.
      const masterKey = localMasterKey(dataDir);
      const report = await verifyDataFolder(dataDir, { masterKey });
      expect(report.problems, `kill ${k} after ${delayMs} ms`).toEqual([]);
      orphanNotes += report.notes.length;
      const vault = await Vault.open({ dataDir, masterKey, sweepOnOpen: false });
      try {
        const versions = await vault.store.versions();
        const visible = new Set(versions.map((v) => v.root));
        for (const a of acknowledged) {
          if (a.quarantineRoot !== null) expect(visible.has(a.quarantineRoot), `held rows of ${a.batch} lost at kill ${k}`).toBe(true);
          if (a.acceptedInto !== null) expect(visible.has(a.acceptedInto), `snapshot of ${a.batch} lost at kill ${k}`).toBe(true);
        }
        // No version is partially readable: each one the vault lists reads back whole and checked.
        const ledger = await vault.store.ledger();
        const recorded = new Set(ledger.filter((e) => e.action === 'batch.upload').map((e) => e.target));
        for (const v of versions) {
          const read = await vault.readVersion(v.root);
          expect(read.bytes.length, `version ${v.root} at kill ${k}`).toBe(read.signed.manifest.sizeBytes);
          // Not asserted (see the report of issue 5): a kill between an upload's commits and its batch
          // record leaves whole versions of a batch the restarted server does not know of.
          const batch = read.signed.manifest.meta['batch'];
          if (typeof batch === 'string' && !recorded.has(batch)) strayVersions.add(v.root);
        }
        for (const e of ledger) {
          const batch = e.details['batch'];
          if (e.action === 'dataset.snapshot' && typeof batch === 'string' && !recorded.has(batch)) strayHeads.add(e.target);
        }
        expect(await vault.verifyLedger()).toEqual([]);
      } finally {
        await vault.close();
      }

      // Restarted on the same folder: every acknowledged upload is there, its snapshot verified on read.
      server = await startServer(dataDir);
      expect(server.oneTimePassword).toBeNull();
      client = await connect(dataDir, server.url);
      const listed = new Map((await client.listBatches(PROJECT, DATASET)).map((b) => [b.batch, b]));
      for (const a of acknowledged) {
        const b = listed.get(a.batch);
        expect(b, `batch ${a.batch} missing after kill ${k}`).toBeDefined();
        expect([b!.quarantineRoot, b!.acceptedInto]).toEqual([a.quarantineRoot, a.acceptedInto]);
      }
      const last = acknowledged.at(-1)!;
      if (last.acceptedInto !== null) expect((await client.pullSnapshot(PROJECT, DATASET, last.acceptedInto)).root).toBe(last.acceptedInto);
      const head = await client.getDataset(PROJECT, DATASET);
      const snapshot = await client.pullSnapshot(PROJECT, DATASET, head.snapshotRoot!);
      expect(snapshot.bytes.length).toBe(snapshot.signed.manifest.sizeBytes);
    }
    client.close();
    server.child.kill('SIGTERM');
    await server.exited;
    const final = await verifyDataFolder(dataDir, { masterKey: localMasterKey(dataDir) });
    expect(final.problems).toEqual([]);
    expect(acknowledged.length).toBeGreaterThan(1);
    console.log(`upload crash test: uploads ${Math.round(coldMs)} ms cold, ${Math.round(warmMs)} ms warm; ${KILLS} kills; ${acknowledged.length} uploads acknowledged (${acknowledged.filter((a) => a.quarantineRoot !== null && a.acceptedInto !== null).length} with held and accepted rows), ${interrupted} interrupted; ${orphanNotes} orphan notes; ${strayVersions.size} whole versions of uploads killed before their batch record, ${strayHeads.size} of them made the dataset's snapshot`);
  }, 240_000);
});
