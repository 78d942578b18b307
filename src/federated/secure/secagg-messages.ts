/**
 * The messages of masked secure aggregation (Bonawitz et al. 2017), as plain JSON: binary fields
 * are base64, field elements hex. A coordinator carries them over any transport and passes what
 * it receives through {@link parseSecAggMessage}, which rejects malformed input naming the field.
 */
import { invalidInput } from '../../core/errors.js';
import type { ShamirShare } from './shamir.js';

/** The message kinds in protocol order. */
export const SECAGG_MESSAGE_TYPES = [
  'advertise-keys',
  'key-directory',
  'share-keys',
  'shares-delivery',
  'masked-input',
  'consistency-request',
  'consistency-response',
  'unmask-request',
  'unmask-response',
] as const;

/** One of {@link SECAGG_MESSAGE_TYPES}. */
export type SecAggMessageType = (typeof SECAGG_MESSAGE_TYPES)[number];

/** A client's two public keys (base64 of 32 raw bytes). */
export interface ClientKeys {
  readonly clientId: string;
  /** For the pairwise channel that carries shares (c_u^PK). */
  readonly encryptionPublicKey: string;
  /** For the pairwise masks (s_u^PK). */
  readonly maskingPublicKey: string;
}

/** Round 0, client → server: the client's public keys. */
export interface AdvertiseKeysMessage extends ClientKeys {
  readonly type: 'advertise-keys';
  readonly sessionId: string;
}

/** Round 0, server → every client: the keys of all clients admitted (U1), sorted by id. */
export interface KeyDirectoryMessage {
  readonly type: 'key-directory';
  readonly sessionId: string;
  readonly clients: readonly ClientKeys[];
}

/** Round 1, client → server: its shares for each other client, encrypted to that client. */
export interface ShareKeysMessage {
  readonly type: 'share-keys';
  readonly sessionId: string;
  readonly clientId: string;
  readonly encryptedShares: readonly { readonly to: string; readonly ciphertext: string }[];
}

/** Round 1, server → one client: the clients that shared (U2) and their ciphertexts for it. */
export interface SharesDeliveryMessage {
  readonly type: 'shares-delivery';
  readonly sessionId: string;
  readonly clientId: string;
  readonly sharers: readonly string[];
  readonly encryptedShares: readonly { readonly from: string; readonly ciphertext: string }[];
}

/** Round 2, client → server: its update, fixed-point encoded and masked (base64 of little-endian uint32). */
export interface MaskedInputMessage {
  readonly type: 'masked-input';
  readonly sessionId: string;
  readonly clientId: string;
  readonly maskedInput: string;
}

/** Round 3, server → every survivor: who sent a masked input (U3), for the clients to attest. */
export interface ConsistencyRequestMessage {
  readonly type: 'consistency-request';
  readonly sessionId: string;
  readonly survivors: readonly string[];
}

/** A tag (HMAC-SHA-256, base64) on the list of survivors, keyed by the pair's channel secret. */
export interface SurvivorTag {
  readonly from: string;
  readonly to: string;
  readonly tag: string;
}

/** Round 3, client → server: its tags on the survivors list, one for each other survivor. */
export interface ConsistencyResponseMessage {
  readonly type: 'consistency-response';
  readonly sessionId: string;
  readonly clientId: string;
  readonly tags: readonly SurvivorTag[];
}

/**
 * Round 4, server → one client that attested: the survivors (U3), the clients that dropped after
 * sharing (U2 \ U3), and the other survivors' tags addressed to this client, which prove that at
 * least t clients saw the same survivors list.
 */
export interface UnmaskRequestMessage {
  readonly type: 'unmask-request';
  readonly sessionId: string;
  readonly clientId: string;
  readonly survivors: readonly string[];
  readonly dropped: readonly string[];
  readonly tags: readonly SurvivorTag[];
}

/** A Shamir share of one client's secret held by another, as JSON. */
export interface EncodedShare {
  readonly owner: string;
  readonly x: number;
  /** Field elements, lower-case hex. */
  readonly y: readonly string[];
}

/** Round 4, client → server: shares of survivors' self-mask seeds and of dropped clients' mask keys. */
export interface UnmaskResponseMessage {
  readonly type: 'unmask-response';
  readonly sessionId: string;
  readonly clientId: string;
  readonly seedShares: readonly EncodedShare[];
  readonly maskingKeyShares: readonly EncodedShare[];
}

/** Any message of the protocol. */
export type SecAggMessage =
  | AdvertiseKeysMessage
  | KeyDirectoryMessage
  | ShareKeysMessage
  | SharesDeliveryMessage
  | MaskedInputMessage
  | ConsistencyRequestMessage
  | ConsistencyResponseMessage
  | UnmaskRequestMessage
  | UnmaskResponseMessage;

/** A share as JSON. */
export function encodeShare(owner: string, share: ShamirShare): EncodedShare {
  return { owner, x: share.x, y: share.y.map((v) => v.toString(16)) };
}

/** A share from JSON. */
export function decodeShare(share: EncodedShare): ShamirShare {
  return { x: share.x, y: share.y.map((v) => BigInt(`0x${v}`)) };
}

type Json = Readonly<Record<string, unknown>>;

function object(value: unknown, path: readonly (string | number)[]): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalidInput(`expected an object`, { path });
  return value as Json;
}

function string(o: Json, key: string, path: readonly (string | number)[], pattern?: RegExp): string {
  const v = o[key];
  if (typeof v !== 'string' || v.length === 0) throw invalidInput(`expected a non-empty string`, { path: [...path, key] });
  if (pattern && !pattern.test(v)) throw invalidInput(`${JSON.stringify(v.slice(0, 40))} does not match ${pattern}`, { path: [...path, key] });
  return v;
}

function array(o: Json, key: string, path: readonly (string | number)[]): readonly unknown[] {
  const v = o[key];
  if (!Array.isArray(v)) throw invalidInput(`expected an array`, { path: [...path, key] });
  return v;
}

function strings(o: Json, key: string, path: readonly (string | number)[]): string[] {
  return array(o, key, path).map((v, i) => {
    if (typeof v !== 'string' || v.length === 0) throw invalidInput(`expected a non-empty string`, { path: [...path, key, i] });
    return v;
  });
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const HEX = /^[0-9a-f]{1,32}$/;

function shares(o: Json, key: string): EncodedShare[] {
  return array(o, key, []).map((item, i) => {
    const s = object(item, [key, i]);
    const x = s['x'];
    if (!Number.isSafeInteger(x) || (x as number) < 1) throw invalidInput('expected a positive integer', { path: [key, i, 'x'] });
    const y = strings(s, 'y', [key, i]);
    y.forEach((v, j) => {
      if (!HEX.test(v)) throw invalidInput(`expected lower-case hex of at most 32 digits`, { path: [key, i, 'y', j] });
    });
    return { owner: string(s, 'owner', [key, i]), x: x as number, y };
  });
}

function tags(o: Json): SurvivorTag[] {
  return array(o, 'tags', []).map((item, i) => {
    const t = object(item, ['tags', i]);
    return { from: string(t, 'from', ['tags', i]), to: string(t, 'to', ['tags', i]), tag: string(t, 'tag', ['tags', i], BASE64) };
  });
}

function clientKeys(value: unknown, path: readonly (string | number)[]): ClientKeys {
  const o = object(value, path);
  return {
    clientId: string(o, 'clientId', path),
    encryptionPublicKey: string(o, 'encryptionPublicKey', path, BASE64),
    maskingPublicKey: string(o, 'maskingPublicKey', path, BASE64),
  };
}

/**
 * Checks that `value` (parsed JSON) is a well-formed protocol message and returns it typed.
 * Throws `invalid_input` naming the offending field.
 *
 * @example
 * const message = parseSecAggMessage(JSON.parse(body));
 */
export function parseSecAggMessage(value: unknown): SecAggMessage {
  const o = object(value, []);
  const type = o['type'];
  if (typeof type !== 'string' || !(SECAGG_MESSAGE_TYPES as readonly string[]).includes(type)) {
    throw invalidInput(`unknown message type ${JSON.stringify(type)}; expected one of ${SECAGG_MESSAGE_TYPES.join(', ')}`, { path: ['type'] });
  }
  const sessionId = string(o, 'sessionId', []);
  switch (type as SecAggMessageType) {
    case 'advertise-keys':
      return { type: 'advertise-keys', sessionId, ...clientKeys(o, []) };
    case 'key-directory':
      return { type: 'key-directory', sessionId, clients: array(o, 'clients', []).map((c, i) => clientKeys(c, ['clients', i])) };
    case 'share-keys':
      return {
        type: 'share-keys',
        sessionId,
        clientId: string(o, 'clientId', []),
        encryptedShares: array(o, 'encryptedShares', []).map((e, i) => {
          const item = object(e, ['encryptedShares', i]);
          return { to: string(item, 'to', ['encryptedShares', i]), ciphertext: string(item, 'ciphertext', ['encryptedShares', i], BASE64) };
        }),
      };
    case 'shares-delivery':
      return {
        type: 'shares-delivery',
        sessionId,
        clientId: string(o, 'clientId', []),
        sharers: strings(o, 'sharers', []),
        encryptedShares: array(o, 'encryptedShares', []).map((e, i) => {
          const item = object(e, ['encryptedShares', i]);
          return { from: string(item, 'from', ['encryptedShares', i]), ciphertext: string(item, 'ciphertext', ['encryptedShares', i], BASE64) };
        }),
      };
    case 'masked-input':
      return { type: 'masked-input', sessionId, clientId: string(o, 'clientId', []), maskedInput: string(o, 'maskedInput', [], BASE64) };
    case 'consistency-request':
      return { type: 'consistency-request', sessionId, survivors: strings(o, 'survivors', []) };
    case 'consistency-response':
      return { type: 'consistency-response', sessionId, clientId: string(o, 'clientId', []), tags: tags(o) };
    case 'unmask-request':
      return {
        type: 'unmask-request',
        sessionId,
        clientId: string(o, 'clientId', []),
        survivors: strings(o, 'survivors', []),
        dropped: strings(o, 'dropped', []),
        tags: tags(o),
      };
    case 'unmask-response':
      return { type: 'unmask-response', sessionId, clientId: string(o, 'clientId', []), seedShares: shares(o, 'seedShares'), maskingKeyShares: shares(o, 'maskingKeyShares') };
  }
}

/** base64 of a word vector's little-endian bytes. */
export function encodeWords(words: Uint32Array): string {
  return Buffer.from(words.buffer, words.byteOffset, words.byteLength).toString('base64');
}

/** The word vector from {@link encodeWords}; throws unless it holds exactly `length` words. */
export function decodeWords(base64: string, length: number, path: readonly (string | number)[] = []): Uint32Array {
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length !== length * 4) throw invalidInput(`expected ${length} 32-bit words (${length * 4} bytes), got ${bytes.length} bytes`, { path });
  const out = new Uint32Array(length);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}
