/**
 * API tokens for machine clients: `adt_` followed by 32 random bytes in base64url (256 bits,
 * 43 characters). The token is shown once, at creation; only its SHA-256 digest is stored, so a
 * copy of the database does not let anyone authenticate. A plain hash (not Argon2) is enough
 * because the input has 256 bits of entropy: there is nothing to guess.
 */
import { createHash } from 'node:crypto';
import { systemSecretBytes, toBase64Url, type SecretBytes } from './secret-bytes.js';

/** Every API token starts with this, so secret scanners and people can recognise one. */
export const API_TOKEN_PREFIX = 'adt_';

const TOKEN_BYTES = 32;
const TOKEN_PATTERN = /^adt_[A-Za-z0-9_-]{43}$/;

/**
 * A fresh API token string.
 *
 * @example
 * const token = generateApiToken(); // 'adt_Vq3…' (47 characters)
 */
export function generateApiToken(secretBytes: SecretBytes = systemSecretBytes): string {
  return `${API_TOKEN_PREFIX}${toBase64Url(secretBytes(TOKEN_BYTES))}`;
}

/** True when `value` has the shape of an API token (prefix, 43 base64url characters). */
export function looksLikeApiToken(value: string): boolean {
  return TOKEN_PATTERN.test(value);
}

/** The SHA-256 digest of the token as 64 lowercase hex characters: what the store keeps. */
export function hashApiToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
