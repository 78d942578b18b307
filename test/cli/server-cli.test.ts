import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { createServer, type AntidoteServer } from '../../src/server/create-server.js';
import { ROOT } from '../server/server-fixture.js';

// The server's CLI end to end: local administration on the data folder while the server runs,
// push / review / pull over TLS, offline verify of an intact and a tampered folder, and
// `antidote serve --demo` as a real child process.

async function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const saved: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(env)) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
  try {
    const code = await main(args, { stdout: { write: (s: string) => ((out += s), true) }, stderr: { write: (s: string) => ((err += s), true) } });
    return { code, out, err };
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

const tokenOf = (out: string) => /token \(shown once\): (adt_\S+)/.exec(out)?.[1] ?? '';

describe('antidote user|grant|token|push|review|pull|verify', () => {
  let dir: string;
  let dataDir: string;
  let server: AntidoteServer;
  let url: string;
  let remote: string[];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'antidote-cli-server-'));
    dataDir = join(dir, 'data');
    server = await createServer({ dataDir, tls: 'self-signed', port: 0, argon2: { memoryKiB: 1024, timeCost: 1, parallelism: 1 } });
    url = await server.listen();
    remote = ['--server', url, '--project', 'lab', '--dataset', 'cells', '--ca', server.certPath];
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('administers users, grants and tokens on the data folder, each change in the ledger', async () => {
    const pw = { ANTIDOTE_NEW_PASSWORD: 'a long enough cli passphrase' };
    expect((await cli(['user', 'create', 'cora', '--data-dir', dataDir], pw)).code).toBe(0);
    expect((await cli(['user', 'create', 'stan', '--data-dir', dataDir], pw)).code).toBe(0);
    const generated = await cli(['user', 'create', 'eve', '--data-dir', dataDir]);
    expect(generated.out).toMatch(/password \(shown once\): \S{32}/);
    expect((await cli(['grant', 'add', 'cora', 'contributor', '--project', 'lab', '--data-dir', dataDir])).code).toBe(0);
    expect((await cli(['grant', 'add', 'stan', 'steward', '--project', 'lab', '--data-dir', dataDir])).code).toBe(0);
    const bad = await cli(['grant', 'add', 'stan', 'wizard', '--project', 'lab', '--data-dir', dataDir]);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('available: admin, steward');
    const list = await cli(['grant', 'list', '--project', 'lab', '--data-dir', dataDir, '--json']);
    expect(JSON.parse(list.out)).toEqual(expect.arrayContaining([{ username: 'stan', project: 'lab', role: 'steward' }]));
    const noRole = await cli(['token', 'create', '--user', 'cora', '--project', 'lab', '--role', 'steward', '--data-dir', dataDir]);
    expect(noRole.code).toBe(1);
    expect(noRole.err).toContain('does not hold role steward');
    const ledger = await server.vault.store.ledger();
    expect(ledger.filter((e) => e.origin === 'cli').map((e) => e.action)).toEqual(expect.arrayContaining(['user.create', 'grant.add']));
  });

  it('pushes a batch, lets a steward review and release it, pulls the verified snapshot, and verifies the folder', async () => {
    const contributor = tokenOf((await cli(['token', 'create', '--user', 'cora', '--project', 'lab', '--role', 'contributor', '--data-dir', dataDir])).out);
    const steward = tokenOf((await cli(['token', 'create', '--user', 'stan', '--project', 'lab', '--role', 'steward', '--data-dir', dataDir])).out);
    expect(contributor).toMatch(/^adt_/);
    const stanPrincipal = await server.identity.authenticateBearer(steward);
    await server.pipeline.createDataset('lab', 'cells', 'diagnosis', { principal: stanPrincipal, origin: 'test' });
    await server.pipeline.seedBaseline('lab', 'cells', readFileSync(join(ROOT, 'examples/breast-cancer/verified.csv')), { principal: stanPrincipal, origin: 'test' });

    const pushed = await cli(['push', join(ROOT, 'examples/breast-cancer/batch.csv'), ...remote, '--token', contributor]);
    expect(pushed.code).toBe(3);
    const batch = /batch (bat_\S+):/.exec(pushed.out)?.[1];
    expect(batch).toBeDefined();
    expect((await cli(['review', 'list', ...remote, '--token', contributor])).err).toContain('HTTP 403');
    const listed = await cli(['review', 'list', ...remote, '--token', steward]);
    expect(listed.code).toBe(0);
    expect(listed.out).toContain(batch);
    expect(listed.out).toMatch(/row \d+: suspicion/);
    const released = await cli(['review', 'release', batch!, '--reason', 'lab confirmed', ...remote, '--token', steward]);
    expect(released.out).toContain('released');

    const root = (await server.pipeline.getDataset('lab', 'cells')).snapshotRoot!;
    const engineer = await cli(['pull', root, '--out', join(dir, 'x.csv'), ...remote, '--token', contributor]);
    expect(engineer.code).toBe(1); // contributors do not read snapshots
    const out = join(dir, 'snapshot.csv');
    const pulled = await cli(['pull', root, '--out', out, ...remote, '--token', steward]);
    expect(pulled.code).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe(readFileSync(join(ROOT, 'examples/breast-cancer/verified.csv'), 'utf8').split(/\r?\n/)[0]);
    expect(lines).toHaveLength(1 + 400 + 169);
    const wrongKey = await cli(['pull', root, '--out', join(dir, 'y.csv'), ...remote, '--token', steward, '--public-key', server.vault.signingKey.publicKey.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'))]);
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.err).toMatch(/signature/);

    const intact = await cli(['verify', '--data-dir', dataDir]);
    expect([intact.code, intact.out]).toEqual([0, expect.stringContaining('intact')]);
  });

  it('names an altered blob file and exits non-zero', async () => {
    const blobs = join(dataDir, 'blobs');
    const sub = readdirSync(blobs)[0]!;
    const file = join(blobs, sub, readdirSync(join(blobs, sub))[0]!);
    const bytes = readFileSync(file);
    bytes[bytes.length - 1]! ^= 0xff;
    writeFileSync(file, bytes);
    const r = await cli(['verify', '--data-dir', dataDir]);
    expect(r.code).toBe(3);
    expect(r.out).toContain('ALTERED');
    expect(r.out).toContain(readdirSync(join(blobs, sub))[0]!.slice(0, 12));
  });
});

describe('antidote serve --demo', () => {
  it('starts on a fresh folder, prints the URL and the one-time admin password, creates the demo, and stops on SIGTERM', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'antidote-serve-'));
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', '-e', "import('./src/cli/main.ts').then(async (m) => { process.exitCode = await m.main(process.argv.slice(1)); })", 'serve', '--data-dir', dataDir, '--port', '0', '--demo'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      const code = await new Promise<number | null>((resolve, reject) => {
        const timer = setTimeout(() => {
          child.kill('SIGKILL');
          reject(new Error(`serve did not get ready: ${out}`));
        }, 240_000);
        // One SIGTERM only: the server stops listening for signals once it starts stopping, so a
        // second one (sent if more output arrived after the first) would kill it outright.
        let sent = false;
        child.stdout.on('data', () => {
          if (!sent && out.includes('Ctrl-C stops the server.')) {
            sent = true;
            clearTimeout(timer);
            child.kill('SIGTERM');
          }
        });
        child.on('exit', (c) => resolve(c));
      });
      expect(out).toMatch(/Antidote API on https:\/\/localhost:\d+/);
      expect(out).toMatch(/One-time password[^\n]*\n\s+\S{43}/);
      expect(out).toMatch(/Demo: project "demo", dataset "breast-cancer": verified baseline committed; batch bat_\S+ has \d+ rows in quarantine/);
      expect(code).toBe(0);
      const again = await cli(['verify', '--data-dir', dataDir]);
      expect(again.code).toBe(0);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
