/**
 * Short-lived session tokens: JWTs (RFC 7519) signed with HMAC-SHA-256 under a server secret,
 * through `jose`. A session carries only who the user is; roles are read from the store on every
 * request, so a revoked grant or a disabled account takes effect at once rather than at expiry.
 */
import { SignJWT, errors as joseErrors, jwtVerify } from 'jose';
import { AntidoteError } from '../core/errors.js';
import { systemClock, type Clock } from './clock.js';
import { randomId, systemSecretBytes, type SecretBytes } from './secret-bytes.js';

/** How sessions are signed and checked. */
export interface SessionTokenOptions {
  /** HMAC key, at least 32 bytes (RFC 7518 §3.2 requires a key as long as the hash). Keep it out of the database. */
  readonly secret: Uint8Array;
  /** `iss` claim (default `antidote`). */
  readonly issuer?: string;
  /** `aud` claim; a token minted for another audience is refused (default `antidote-api`). */
  readonly audience?: string;
  /** Lifetime in milliseconds (default 15 minutes). */
  readonly ttlMs?: number;
  readonly clock?: Clock;
  readonly secretBytes?: SecretBytes;
}

/** What a verified session says. */
export interface SessionClaims {
  readonly userId: string;
  readonly username: string;
  readonly sessionId: string;
  readonly issuedAtMs: number;
  readonly expiresAtMs: number;
}

/** A freshly signed session. */
export interface IssuedSession {
  readonly token: string;
  readonly expiresAtMs: number;
}

/** Fifteen minutes. */
export const DEFAULT_SESSION_TTL_MS = 15 * 60_000;

/**
 * Issues and verifies session tokens. Holds only its configuration.
 *
 * @example
 * const sessions = new SessionTokens({ secret: serverSecret });
 * const { token } = await sessions.issue({ userId: 'usr_1', username: 'alice' });
 * const claims = await sessions.verify(token); // throws unauthorized when expired, altered or for another audience
 */
export class SessionTokens {
  private readonly secret: Uint8Array;
  private readonly issuer: string;
  private readonly audience: string;
  private readonly ttlMs: number;
  private readonly clock: Clock;
  private readonly secretBytes: SecretBytes;

  constructor(options: SessionTokenOptions) {
    if (!(options.secret instanceof Uint8Array) || options.secret.length < 32) {
      throw new AntidoteError('invalid_input', `session secret must be at least 32 bytes, got ${options.secret?.length ?? 0}`, { path: ['secret'] });
    }
    const ttlMs = options.ttlMs ?? DEFAULT_SESSION_TTL_MS;
    if (!Number.isInteger(ttlMs) || ttlMs < 1000) {
      throw new AntidoteError('invalid_input', `session ttlMs must be an integer of at least 1000, got ${ttlMs}`, { path: ['ttlMs'] });
    }
    this.secret = Uint8Array.from(options.secret);
    this.issuer = options.issuer ?? 'antidote';
    this.audience = options.audience ?? 'antidote-api';
    this.ttlMs = ttlMs;
    this.clock = options.clock ?? systemClock;
    this.secretBytes = options.secretBytes ?? systemSecretBytes;
  }

  /** Signs a session for the user, valid from now for the configured lifetime (whole seconds, as JWT times are). */
  async issue(user: { readonly userId: string; readonly username: string }): Promise<IssuedSession> {
    const nowS = Math.floor(this.clock.nowMs() / 1000);
    const expS = nowS + Math.ceil(this.ttlMs / 1000);
    const token = await new SignJWT({ usr: user.username })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(user.userId)
      .setIssuer(this.issuer)
      .setAudience(this.audience)
      .setIssuedAt(nowS)
      .setExpirationTime(expS)
      .setJti(randomId('ses_', this.secretBytes))
      .sign(this.secret);
    return { token, expiresAtMs: expS * 1000 };
  }

  /**
   * Checks signature, algorithm, issuer, audience and expiry against the injected clock.
   * Throws `unauthorized` saying which check failed (the server should not echo the reason to
   * the client beyond "invalid or expired session").
   */
  async verify(token: string): Promise<SessionClaims> {
    try {
      const { payload } = await jwtVerify(token, this.secret, {
        algorithms: ['HS256'],
        issuer: this.issuer,
        audience: this.audience,
        currentDate: new Date(this.clock.nowMs()),
        requiredClaims: ['sub', 'iat', 'exp', 'jti'],
      });
      const username = payload['usr'];
      if (typeof username !== 'string' || typeof payload.sub !== 'string' || typeof payload.jti !== 'string') {
        throw new AntidoteError('unauthorized', 'session token lacks its subject, username or id');
      }
      return {
        userId: payload.sub,
        username,
        sessionId: payload.jti,
        issuedAtMs: (payload.iat ?? 0) * 1000,
        expiresAtMs: (payload.exp ?? 0) * 1000,
      };
    } catch (e) {
      if (e instanceof AntidoteError) throw e;
      throw new AntidoteError('unauthorized', `session token refused: ${describeJoseError(e)}`, undefined, { cause: e });
    }
  }
}

function describeJoseError(e: unknown): string {
  if (e instanceof joseErrors.JWTExpired) return 'expired';
  if (e instanceof joseErrors.JWTClaimValidationFailed) return `claim "${e.claim}" failed (${e.reason})`;
  if (e instanceof joseErrors.JWSSignatureVerificationFailed) return 'signature does not verify';
  if (e instanceof joseErrors.JOSEAlgNotAllowed) return 'algorithm not allowed';
  if (e instanceof joseErrors.JWSInvalid || e instanceof joseErrors.JWTInvalid) return 'malformed token';
  return e instanceof Error ? e.message : String(e);
}
