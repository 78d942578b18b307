import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type ConnectionOptions, type TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateMasterKey } from '../../src/crypto/master-key.js';
import { AntidoteClient } from '../../src/server/client/antidote-client.js';
import { createServer, type AntidoteServer } from '../../src/server/create-server.js';
import { ensureSelfSignedCertificate } from '../../src/server/self-signed-certificate.js';
import { FAST_ARGON2, PASSWORD, VERIFIED_CSV } from './server-fixture.js';

// Over real TLS sockets on loopback: protocol versions, certificate trust, mutual TLS, and the
// typed client against the running server.

function handshake(port: number, options: ConnectionOptions): Promise<{ protocol: string | null } | { error: string }> {
  return new Promise((resolve) => {
    const socket: TLSSocket = connect({ host: '127.0.0.1', port, servername: 'localhost', ...options }, () => {
      const protocol = socket.getProtocol();
      socket.end();
      resolve({ protocol });
    });
    socket.on('error', (e: Error & { code?: string }) => resolve({ error: `${e.code ?? ''} ${e.message}` }));
  });
}

describe('the server over TLS', () => {
  let dataDir: string;
  let server: AntidoteServer;
  let url: string;
  let port: number;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'antidote-tls-'));
    server = await createServer({ dataDir, tls: 'self-signed', port: 0, argon2: FAST_ARGON2, masterKey: generateMasterKey() });
    url = await server.listen();
    port = Number(new URL(url).port);
  });
  afterAll(async () => {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses a TLS 1.1 client, accepts TLS 1.2, and prefers TLS 1.3', async () => {
    const ca = readFileSync(server.certPath);
    // SECLEVEL=0 lets this client offer TLS 1.1 at all, so the refusal comes from the server.
    const old = await handshake(port, { ca, minVersion: 'TLSv1.1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' });
    expect('error' in old).toBe(true);
    expect(JSON.stringify(old)).toMatch(/protocol version|unsupported protocol|UNSUPPORTED_PROTOCOL|wrong version/i);
    expect(await handshake(port, { ca, minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2' })).toEqual({ protocol: 'TLSv1.2' });
    expect(await handshake(port, { ca })).toEqual({ protocol: 'TLSv1.3' });
  });

  it('is not trusted without the pinned certificate, and is with it', async () => {
    const untrusted = new AntidoteClient({ baseUrl: url });
    await expect(untrusted.login('admin', 'x')).rejects.toThrow(/--ca/);
    untrusted.close();
    expect(() => new AntidoteClient({ baseUrl: url.replace('https', 'http') })).toThrow(/https/);
  });

  it('runs login, dataset creation, baseline and a verified pull through the typed client', async () => {
    if (!server.firstAdmin.created) throw new Error('expected a first admin');
    const client = new AntidoteClient({ baseUrl: url, ca: readFileSync(server.certPath) });
    try {
      const first = await client.login('admin', server.firstAdmin.secret);
      expect(first.passwordChangeRequired).toBe(true);
      await client.changePassword(server.firstAdmin.secret, PASSWORD);
      await client.login('admin', PASSWORD);
      await client.createDataset('tls', 'table', 'diagnosis');
      const seeded = await client.seedBaseline('tls', 'table', VERIFIED_CSV);
      const snap = await client.pullSnapshot('tls', 'table', seeded.snapshotRoot!);
      expect(snap.signed.manifest.rowCount).toBe(400);
      expect(snap.columns?.[0]).toBe('mean_radius');
      const denied = await client.pullSnapshot('tls', 'table', 'f'.repeat(64)).catch((e: unknown) => e);
      expect(String(denied)).toContain('HTTP 404');
    } finally {
      client.close();
    }
  });
});

describe('mutual TLS', () => {
  it('refuses a client without a certificate from the configured CA and serves one with it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'antidote-mtls-'));
    try {
      const run = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
      run(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2', '-keyout', 'ca.key', '-out', 'ca.pem', '-subj', '/CN=test client CA']);
      run(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'client.key', '-out', 'client.csr', '-subj', '/CN=training-job']);
      run(['x509', '-req', '-in', 'client.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2', '-out', 'client.pem']);
      const { certPath, keyPath } = ensureSelfSignedCertificate(dir);
      const server = await createServer({ dataDir: join(dir, 'data'), tls: { certPath, keyPath, clientCaPath: join(dir, 'ca.pem') }, port: 0, argon2: FAST_ARGON2, masterKey: generateMasterKey() });
      try {
        const url = await server.listen();
        const ca = readFileSync(certPath);
        const without = new AntidoteClient({ baseUrl: url, ca });
        await expect(without.login('admin', 'whatever password')).rejects.toThrow();
        without.close();
        const withCert = new AntidoteClient({ baseUrl: url, ca, clientCert: { cert: readFileSync(join(dir, 'client.pem')), key: readFileSync(join(dir, 'client.key')) } });
        const err = await withCert.login('admin', 'whatever password').catch((e: unknown) => e);
        expect(String(err)).toContain('HTTP 401'); // past TLS, refused by the login itself
        withCert.close();
      } finally {
        await server.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
