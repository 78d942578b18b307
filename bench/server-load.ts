/**
 * Load on the HTTPS API over loopback: concurrent batch uploads (each scanned for real, then
 * committed and quarantined in the vault) and concurrent verified snapshot reads, through the
 * typed client over TLS. Prints throughput and p50/p99 latency per kind, then checks that nothing
 * was lost: every acknowledged batch is listed, every snapshot holds exactly the baseline rows
 * plus every accepted row, every quarantined version holds exactly its held rows, the ledger and
 * the whole data folder verify.
 *
 *   node --import tsx bench/server-load.ts [--uploads 24] [--upload-concurrency 4] [--reads 200]
 *                                         [--read-concurrency 8] [--datasets 2] [--rows 60]
 *
 * There is no Python peer for this: it measures the server, not an algorithm.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRng } from '../src/core/rng.js';
import { generateMasterKey } from '../src/crypto/master-key.js';
import { AntidoteClient } from '../src/server/client/antidote-client.js';
import { createServer } from '../src/server/create-server.js';
import { parseCsvTable, tableToCsv } from '../src/server/csv-rows.js';
import type { Principal } from '../src/identity/principal.js';
import { parseRows } from '../src/vault/chunking.js';
import { verifyDataFolder } from '../src/vault/verify-data-folder.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const uploads = arg('uploads', 24);
const uploadConcurrency = arg('upload-concurrency', 4);
const reads = arg('reads', 200);
const readConcurrency = arg('read-concurrency', 8);
const datasetCount = arg('datasets', 2);
const rowsPerBatch = arg('rows', 60);

function quantile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] ?? NaN;
}

async function pool<T>(count: number, concurrency: number, work: (i: number) => Promise<T>): Promise<{ results: T[]; latenciesMs: number[]; wallS: number }> {
  const results: T[] = new Array(count);
  const latenciesMs: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      for (let i = next++; i < count; i = next++) {
        const t = performance.now();
        results[i] = await work(i);
        latenciesMs.push(performance.now() - t);
      }
    }),
  );
  return { results, latenciesMs, wallS: (performance.now() - t0) / 1000 };
}

function line(kind: string, n: number, r: { latenciesMs: number[]; wallS: number }): string {
  return `${kind.padEnd(16)} n=${String(n).padStart(4)}  ${(n / r.wallS).toFixed(2).padStart(8)} req/s  p50 ${quantile(r.latenciesMs, 0.5).toFixed(0).padStart(6)} ms  p99 ${quantile(r.latenciesMs, 0.99).toFixed(0).padStart(6)} ms  wall ${r.wallS.toFixed(1)} s`;
}

const dataDir = mkdtempSync(join(tmpdir(), 'antidote-load-'));
const server = await createServer({ dataDir, tls: 'self-signed', port: 0, masterKey: generateMasterKey() });
try {
  const url = await server.listen();
  const ca = readFileSync(server.certPath);
  const verified = readFileSync(new URL('../examples/breast-cancer/verified.csv', import.meta.url));
  const source = parseCsvTable(Buffer.concat([verified, Buffer.from('\n'), Buffer.from(readFileSync(new URL('../examples/breast-cancer/batch.csv', import.meta.url)).toString('utf8').split('\n').slice(1).join('\n'))]));
  const admin: Principal = { userId: 'bench', username: 'bench-setup', method: 'password', grants: [], passwordChangeRequired: false };
  const datasets = Array.from({ length: datasetCount }, (_, i) => `load-${i}`);
  const verifiedTable = parseCsvTable(verified);
  for (const [i, d] of datasets.entries()) {
    await server.pipeline.createDataset('bench', d, 'diagnosis', { principal: admin, origin: 'bench' });
    // The vault names a version by its content's Merkle root, so two datasets cannot hold identical
    // content: each baseline leaves out a different row.
    const baseline = tableToCsv({ columns: verifiedTable.columns, rows: verifiedTable.rows.filter((_, j) => j !== i) });
    await server.pipeline.seedBaseline('bench', d, Buffer.from(baseline), { principal: admin, origin: 'bench' });
  }
  const pw = 'a long enough bench passphrase';
  for (const [u, role] of [['bench-contrib', 'contributor'], ['bench-engineer', 'engineer']] as const) {
    await server.identity.createUser({ username: u, password: pw });
    await server.identity.grantRole({ username: u, project: 'bench', role });
  }
  const contribToken = (await server.identity.createToken({ username: 'bench-contrib', project: 'bench', role: 'contributor', name: 'load' })).token;
  const engineerToken = (await server.identity.createToken({ username: 'bench-engineer', project: 'bench', role: 'engineer', name: 'load' })).token;

  // Each batch: a seeded sample of rows (distinct content, so no two uploads dedupe into one version).
  const rng = createRng(7);
  const batches = Array.from({ length: uploads }, () => {
    const rows = Array.from({ length: rowsPerBatch }, () => source.rows[Math.floor(rng.next() * source.rows.length)]!);
    return Buffer.from(tableToCsv({ columns: source.columns, rows }));
  });

  const contributor = new AntidoteClient({ baseUrl: url, token: contribToken, ca });
  const up = await pool(uploads, uploadConcurrency, (i) => contributor.pushBatch('bench', datasets[i % datasets.length]!, batches[i]!));
  contributor.close();

  const engineer = new AntidoteClient({ baseUrl: url, token: engineerToken, ca });
  const roots = await Promise.all(datasets.map(async (d) => (await engineer.getDataset('bench', d)).snapshotRoot!));
  const rd = await pool(reads, readConcurrency, (i) => engineer.pullSnapshot('bench', datasets[i % datasets.length]!, roots[i % roots.length]!));
  engineer.close();

  // Nothing lost.
  const problems: string[] = [];
  for (const [k, d] of datasets.entries()) {
    const mine = up.results.filter((_, i) => i % datasets.length === k);
    const listed = new Set((await server.pipeline.listBatches('bench', d)).map((b) => b.batch));
    for (const b of mine) if (!listed.has(b.batch)) problems.push(`batch ${b.batch} acknowledged but not listed`);
    const view = server.pipeline.getDataset('bench', d);
    const expected = 399 + mine.reduce((s, b) => s + b.acceptedRows, 0);
    const stored = parseRows((await server.vault.readVersion(view.snapshotRoot!)).bytes).length;
    if (stored !== expected || view.snapshotRows !== expected) problems.push(`${d}: snapshot holds ${stored} rows (catalog ${view.snapshotRows}); baseline + accepted = ${expected}`);
    for (const b of mine) {
      if (b.quarantineRoot === null) continue;
      const held = parseRows((await server.vault.readVersion(b.quarantineRoot)).bytes).length;
      if (held !== b.heldRows) problems.push(`batch ${b.batch}: quarantine holds ${held} rows, ${b.heldRows} acknowledged`);
    }
  }
  for (const r of rd.results) if (r.bytes.length === 0) problems.push(`empty snapshot read ${r.root}`);
  const ledgerProblems = await server.vault.verifyLedger();
  await server.close();
  const folder = await verifyDataFolder(dataDir);

  const accepted = up.results.reduce((s, b) => s + b.acceptedRows, 0);
  const held = up.results.reduce((s, b) => s + b.heldRows, 0);
  console.log(`server load over TLS loopback: ${uploads} uploads of ${rowsPerBatch} rows (x 31 columns) to ${datasetCount} datasets, ${uploadConcurrency} at a time; ${reads} snapshot reads, ${readConcurrency} at a time`);
  console.log(line('upload+scan', uploads, up));
  console.log(line('snapshot read', reads, rd));
  console.log(`rows: ${accepted} accepted into snapshots, ${held} held in quarantine; snapshot size ${(rd.results[0]!.bytes.length / 1024).toFixed(0)} KiB, verified on read`);
  console.log(`nothing lost: ${problems.length === 0 ? 'yes' : `NO (${problems.length})`}; ledger ${ledgerProblems.length === 0 ? 'verifies' : `has ${ledgerProblems.length} problems`}; data folder ${folder.ok ? 'verifies' : 'FAILS'} (${folder.checked.ledgerEntries} ledger entries, ${folder.checked.versions} versions)`);
  for (const p of problems.slice(0, 10)) console.log(`  ${p}`);
  console.log(`load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} on ${(await import('node:os')).cpus().length} cores`);
  if (problems.length > 0 || ledgerProblems.length > 0 || !folder.ok) process.exitCode = 1;
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
