import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import { AntidoteError, invalidInput } from '../core/errors.js';
import { sha256Hex } from './sha256.js';

/**
 * The master key of envelope encryption: 32 bytes that wrap every data key and never reach the
 * database. It comes from a key file or from the environment variable `ANTIDOTE_MASTER_KEY`,
 * written as 64 hex characters or as base64 / base64url of 32 bytes.
 */
export interface MasterKey {
  /** First 16 hex characters of SHA-256("antidote master key id" ‖ 0 ‖ key): names the key without revealing it. */
  readonly id: string;
  readonly key: Buffer;
}

/** The environment variable that may hold the master key. */
export const MASTER_KEY_ENV = 'ANTIDOTE_MASTER_KEY';

/**
 * Parses a master key written as 64 hex characters or base64(url) of 32 bytes (whitespace around it ignored).
 *
 * @example
 * const master = parseMasterKey(process.env.ANTIDOTE_MASTER_KEY ?? '');
 */
export function parseMasterKey(text: string, source = 'master key'): MasterKey {
  const t = text.trim();
  let key: Buffer | undefined;
  if (/^[0-9a-fA-F]{64}$/.test(t)) key = Buffer.from(t, 'hex');
  else if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(t)) {
    const b = Buffer.from(t.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (b.length === 32) key = b;
  }
  if (!key) throw invalidInput(`${source} must be 32 bytes written as 64 hex characters or base64; got ${t.length} characters that are neither`);
  return masterKeyFromBytes(key);
}

/** A master key from its 32 raw bytes. */
export function masterKeyFromBytes(key: Uint8Array): MasterKey {
  if (key.length !== 32) throw invalidInput(`a master key is 32 bytes; got ${key.length}`);
  const k = Buffer.from(key);
  return { id: sha256Hex(Buffer.concat([Buffer.from('antidote master key id\0', 'utf8'), k])).slice(0, 16), key: k };
}

/** A fresh random master key (from the operating system's CSPRNG). */
export function generateMasterKey(): MasterKey {
  return masterKeyFromBytes(randomBytes(32));
}

/** Where to look for the master key: an explicit file first, then the environment. */
export interface MasterKeySource {
  readonly keyFile?: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * Loads the master key from `keyFile` when given, else from `ANTIDOTE_MASTER_KEY` in `env`.
 *
 * @example
 * const master = loadMasterKey({ keyFile: '/etc/antidote/master.key', env: process.env });
 */
export function loadMasterKey(source: MasterKeySource): MasterKey {
  if (source.keyFile !== undefined) {
    if (!existsSync(source.keyFile)) throw new AntidoteError('not_found', `master key file "${source.keyFile}" does not exist`);
    return parseMasterKey(readFileSync(source.keyFile, 'utf8'), `master key file "${source.keyFile}"`);
  }
  const fromEnv = source.env?.[MASTER_KEY_ENV];
  if (fromEnv !== undefined && fromEnv.trim() !== '') return parseMasterKey(fromEnv, `environment variable ${MASTER_KEY_ENV}`);
  throw new AntidoteError('not_found', `no master key: pass a key file or set ${MASTER_KEY_ENV} to 32 bytes in hex or base64`);
}

/**
 * Reads the master key file, or creates it (mode 0600, 64 hex characters, written with `O_EXCL` and
 * fsync) when it does not exist yet: the zero-configuration path.
 */
export function loadOrCreateMasterKeyFile(keyFile: string): MasterKey {
  if (existsSync(keyFile)) return loadMasterKey({ keyFile });
  const master = generateMasterKey();
  const fd = openSync(keyFile, 'wx', 0o600);
  try {
    writeSync(fd, `${master.key.toString('hex')}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return master;
}
