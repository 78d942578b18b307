/**
 * A self-signed certificate for running the server locally: made once with the system's `openssl`
 * (an ECDSA P-256 key, valid for `localhost`, `127.0.0.1` and `::1`, 825 days) and kept in the
 * data folder, so clients can pin it with `--ca DIR/tls/cert.pem`.
 */
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AntidoteError } from '../core/errors.js';

/** Where a certificate and its private key are (PEM files). */
export interface CertificateFiles {
  readonly certPath: string;
  readonly keyPath: string;
}

/**
 * Returns `DIR/tls/cert.pem` and `DIR/tls/key.pem`, creating them with `openssl` when missing.
 * `unsupported` when `openssl` is not installed (pass your own certificate then).
 *
 * @example
 * const { certPath, keyPath } = ensureSelfSignedCertificate('/srv/antidote');
 */
export function ensureSelfSignedCertificate(dataDir: string, hostnames: readonly string[] = ['localhost']): CertificateFiles {
  const dir = join(dataDir, 'tls');
  const certPath = join(dir, 'cert.pem');
  const keyPath = join(dir, 'key.pem');
  if (existsSync(certPath) && existsSync(keyPath)) return { certPath, keyPath };
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const san = [...hostnames.map((h) => `DNS:${h}`), 'IP:127.0.0.1', 'IP:0:0:0:0:0:0:0:1'].join(',');
  try {
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-sha256', '-days', '825',
        '-keyout', keyPath, '-out', certPath, '-subj', `/CN=${hostnames[0] ?? 'localhost'}/O=Antidote self-signed`,
        '-addext', `subjectAltName=${san}`, '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,digitalSignature,keyCertSign'],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
  } catch (e) {
    const err = e as { code?: string; stderr?: Buffer };
    if (err.code === 'ENOENT') throw new AntidoteError('unsupported', 'cannot make a self-signed certificate: the openssl program is not installed; pass --tls-cert and --tls-key');
    throw new AntidoteError('internal', `openssl failed to make a self-signed certificate: ${err.stderr?.toString().trim() ?? String(e)}`);
  }
  chmodSync(keyPath, 0o600);
  return { certPath, keyPath };
}

/** The SHA-256 fingerprint of a PEM certificate (`AB:CD:…`), to print beside the URL for pinning. */
export function certificateFingerprint(certPath: string): string {
  return new X509Certificate(readFileSync(certPath)).fingerprint256;
}
