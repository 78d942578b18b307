/**
 * Where secrets (token bytes, one-time passwords, identifiers) come from. Unlike the seeded
 * `Rng` used by algorithms, secrets must be unpredictable, so the default is the operating
 * system's CSPRNG; the type exists so the source can be swapped (an HSM, a deterministic source
 * in a reproducibility harness) without touching the callers.
 */
import { randomBytes } from 'node:crypto';

/** Returns `n` bytes that an attacker cannot predict. */
export type SecretBytes = (n: number) => Uint8Array;

/** The operating system's cryptographically secure generator (`crypto.randomBytes`). */
export const systemSecretBytes: SecretBytes = (n) => new Uint8Array(randomBytes(n));

/** `bytes` as unpadded base64url (RFC 4648 §5), the alphabet used in every Antidote secret. */
export function toBase64Url(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
}

/** A random identifier: `prefix` followed by 16 random bytes in base64url (128 bits, 22 characters). */
export function randomId(prefix: string, secretBytes: SecretBytes): string {
  return `${prefix}${toBase64Url(secretBytes(16))}`;
}
