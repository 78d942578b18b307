/**
 * The client of practical secure aggregation. Bonawitz et al. (2017), "Practical Secure
 * Aggregation for Privacy-Preserving Machine Learning", CCS: a client masks its fixed-point update
 * with pairwise masks that cancel in the sum and a self-mask, Shamir-shares the secrets that remove
 * them, and later releases, for each other client, the one share the server may have: a survivor's
 * self-mask seed or a dropped client's mask key, never both. The consistency round attests the
 * survivors list with HMAC tags under the pairwise channel keys in place of the paper's signatures:
 * with t > n/2 and one attestation per client, no two lists can each gather t attestations. Like the
 * paper without its PKI, this assumes the key directory holds real clients (no server-made Sybils).
 */
import { timingSafeEqual } from 'node:crypto';
import { AntidoteError, invalidInput } from '../../core/errors.js';
import { encodeFixedPoint } from './fixed-point.js';
import { addMaskInPlace, expandMask, subtractMaskInPlace } from './mask-prg.js';
import { systemRandomBytes, type RandomBytes } from './random-bytes.js';
import { validateSecAggConfig, type SecAggConfig } from './secagg-config.js';
import {
  decodeShare,
  encodeShare,
  encodeWords,
  type AdvertiseKeysMessage,
  type ConsistencyRequestMessage,
  type ConsistencyResponseMessage,
  type KeyDirectoryMessage,
  type MaskedInputMessage,
  type ShareKeysMessage,
  type SharesDeliveryMessage,
  type UnmaskRequestMessage,
  type UnmaskResponseMessage,
} from './secagg-messages.js';
import { decryptFromPeer, encryptForPeer, survivorsTag } from './share-encryption.js';
import { shamirSplit, type ShamirShare } from './shamir.js';
import { generateX25519KeyPair, x25519Agree, type X25519KeyPair } from './x25519.js';

/** Options of a client. */
export interface SecAggClientOptions {
  /** Where keys, the self-mask seed and share coefficients come from (default: the system CSPRNG). */
  readonly randomBytes?: RandomBytes;
}

/** The client's progress through the round. */
export type SecAggClientPhase = 'created' | 'advertised' | 'shared' | 'masked' | 'attested' | 'unmasked';

interface Peer {
  readonly x: number;
  readonly encryptionPublicKey: Uint8Array;
  readonly maskingPublicKey: Uint8Array;
}

/** The two shares a client holds of one other client's secrets. */
interface HeldShares {
  readonly seed: ShamirShare;
  readonly maskingKey: ShamirShare;
}

interface SharePayload {
  readonly seed: readonly string[];
  readonly maskingKey: readonly string[];
  readonly x: number;
}

const SEED_BYTES = 32;

function refuse(message: string): AntidoteError {
  return new AntidoteError('forbidden', message);
}

/**
 * One client's side of a secure-aggregation round, as a state machine: call
 * {@link advertiseKeys}, {@link shareKeys}, {@link maskInput}, {@link attestSurvivors} and
 * {@link unmask} in that order with
 * the server's messages. Each call checks the server's message and refuses (`forbidden`) what an
 * honest server would never send.
 *
 * @example
 * const client = new SecAggClient('alice', config);
 * send(client.advertiseKeys());
 * send(client.shareKeys(await receive('key-directory')));
 * send(client.maskInput(await receive('shares-delivery'), update));
 * send(client.attestSurvivors(await receive('consistency-request')));
 * send(client.unmask(await receive('unmask-request')));
 */
export class SecAggClient {
  readonly clientId: string;
  readonly config: SecAggConfig;
  private phaseValue: SecAggClientPhase = 'created';
  private readonly randomBytes: RandomBytes;
  private readonly encryptionKeys: X25519KeyPair;
  private readonly maskingKeys: X25519KeyPair;
  private readonly selfMaskSeed: Uint8Array;
  private peers = new Map<string, Peer>();
  private sharers: readonly string[] = [];
  private attested: readonly string[] = [];
  private readonly held = new Map<string, HeldShares>();

  constructor(clientId: string, config: SecAggConfig, options: SecAggClientOptions = {}) {
    if (typeof clientId !== 'string' || clientId.length === 0) throw invalidInput(`clientId must be a non-empty string, got ${JSON.stringify(clientId)}`);
    this.clientId = clientId;
    this.config = validateSecAggConfig(config);
    this.randomBytes = options.randomBytes ?? systemRandomBytes;
    this.encryptionKeys = generateX25519KeyPair(this.randomBytes);
    this.maskingKeys = generateX25519KeyPair(this.randomBytes);
    this.selfMaskSeed = this.randomBytes(SEED_BYTES);
  }

  /** Where the client is in the round. */
  get phase(): SecAggClientPhase {
    return this.phaseValue;
  }

  private expectPhase(expected: SecAggClientPhase, step: string): void {
    if (this.phaseValue !== expected) {
      throw new AntidoteError('conflict', `client "${this.clientId}" cannot ${step} in phase "${this.phaseValue}"; it needs phase "${expected}"`);
    }
  }

  private expectSession(sessionId: string): void {
    if (sessionId !== this.config.sessionId) throw refuse(`message for round "${sessionId}" sent to client "${this.clientId}" of round "${this.config.sessionId}"`);
  }

  /** Round 0: the client's public keys for the server to publish. */
  advertiseKeys(): AdvertiseKeysMessage {
    this.expectPhase('created', 'advertise keys');
    this.phaseValue = 'advertised';
    return {
      type: 'advertise-keys',
      sessionId: this.config.sessionId,
      clientId: this.clientId,
      encryptionPublicKey: Buffer.from(this.encryptionKeys.publicKeyRaw).toString('base64'),
      maskingPublicKey: Buffer.from(this.maskingKeys.publicKeyRaw).toString('base64'),
    };
  }

  /**
   * Round 1: checks the key directory (at least t and at most n clients, sorted unique ids, this
   * client's own keys unaltered, no key used twice), then Shamir-shares the self-mask seed and the
   * masking private key among the directory and encrypts each share to its holder.
   */
  shareKeys(directory: KeyDirectoryMessage): ShareKeysMessage {
    this.expectPhase('advertised', 'share keys');
    this.expectSession(directory.sessionId);
    const { threshold: t, clientCount: n } = this.config;
    const clients = directory.clients;
    if (clients.length < t || clients.length > n) {
      throw refuse(`the key directory lists ${clients.length} clients; round "${this.config.sessionId}" needs between t = ${t} and n = ${n}`);
    }
    const seenKeys = new Set<string>();
    const peers = new Map<string, Peer>();
    clients.forEach((c, i) => {
      if (i > 0 && !(clients[i - 1]!.clientId < c.clientId)) throw refuse(`the key directory is not sorted by unique client id at "${c.clientId}"`);
      for (const key of [c.encryptionPublicKey, c.maskingPublicKey]) {
        if (seenKeys.has(key)) throw refuse(`the key directory uses public key ${key} twice`);
        seenKeys.add(key);
      }
      const encryptionPublicKey = new Uint8Array(Buffer.from(c.encryptionPublicKey, 'base64'));
      const maskingPublicKey = new Uint8Array(Buffer.from(c.maskingPublicKey, 'base64'));
      if (encryptionPublicKey.length !== 32 || maskingPublicKey.length !== 32) throw refuse(`client "${c.clientId}" has a public key that is not 32 bytes`);
      peers.set(c.clientId, { x: i + 1, encryptionPublicKey, maskingPublicKey });
    });
    const self = peers.get(this.clientId);
    if (!self) throw refuse(`the key directory leaves out client "${this.clientId}"`);
    if (!Buffer.from(self.encryptionPublicKey).equals(this.encryptionKeys.publicKeyRaw) || !Buffer.from(self.maskingPublicKey).equals(this.maskingKeys.publicKeyRaw)) {
      throw refuse(`the key directory replaced the public keys of client "${this.clientId}"`);
    }
    this.peers = peers;

    const ids = [...peers.keys()];
    const xs = ids.map((id) => peers.get(id)!.x);
    const seedShares = shamirSplit(this.selfMaskSeed, t, xs, this.randomBytes);
    const keyShares = shamirSplit(this.maskingKeys.privateKeyRaw, t, xs, this.randomBytes);
    const encryptedShares: { to: string; ciphertext: string }[] = [];
    ids.forEach((id, i) => {
      const seed = seedShares[i]!;
      const maskingKey = keyShares[i]!;
      if (id === this.clientId) {
        this.held.set(id, { seed, maskingKey });
        return;
      }
      const payload: SharePayload = { x: seed.x, seed: seed.y.map((v) => v.toString(16)), maskingKey: maskingKey.y.map((v) => v.toString(16)) };
      const secret = x25519Agree(this.encryptionKeys.privateKey, peers.get(id)!.encryptionPublicKey);
      encryptedShares.push({ to: id, ciphertext: encryptForPeer(secret, this.config.sessionId, this.clientId, id, JSON.stringify(payload), this.randomBytes) });
    });
    this.phaseValue = 'shared';
    return { type: 'share-keys', sessionId: this.config.sessionId, clientId: this.clientId, encryptedShares };
  }

  /**
   * Round 2: checks and decrypts the shares sent by the other sharers (U2), then returns the
   * update as round(x · scale) + PRG(b_u) + Σ_{v>u} PRG(s_uv) − Σ_{v<u} PRG(s_uv) mod 2^32.
   */
  maskInput(delivery: SharesDeliveryMessage, update: Float32Array): MaskedInputMessage {
    this.expectPhase('shared', 'mask its input');
    this.expectSession(delivery.sessionId);
    const { threshold: t, dimension, sessionId } = this.config;
    if (delivery.clientId !== this.clientId) throw refuse(`shares addressed to "${delivery.clientId}" were delivered to "${this.clientId}"`);
    if (update.length !== dimension) throw invalidInput(`update has ${update.length} values; round "${sessionId}" sums vectors of ${dimension}`);
    const sharers = new Set(delivery.sharers);
    if (sharers.size !== delivery.sharers.length) throw refuse('the list of clients that shared keys repeats a client');
    if (sharers.size < t) throw refuse(`only ${sharers.size} clients shared keys; the threshold is t = ${t}`);
    if (!sharers.has(this.clientId)) throw refuse(`the list of clients that shared keys leaves out "${this.clientId}"`);
    for (const id of sharers) if (!this.peers.has(id)) throw refuse(`"${id}" shared keys but is not in the key directory`);
    const byFrom = new Map<string, string>();
    for (const e of delivery.encryptedShares) {
      if (byFrom.has(e.from)) throw refuse(`two share ciphertexts claim to come from "${e.from}"`);
      byFrom.set(e.from, e.ciphertext);
    }
    const self = this.peers.get(this.clientId)!;
    for (const id of sharers) {
      if (id === this.clientId) continue;
      const ciphertext = byFrom.get(id);
      if (ciphertext === undefined) throw refuse(`no shares were delivered from "${id}", which is listed as having shared keys`);
      const secret = x25519Agree(this.encryptionKeys.privateKey, this.peers.get(id)!.encryptionPublicKey);
      const payload = JSON.parse(decryptFromPeer(secret, sessionId, id, this.clientId, ciphertext)) as SharePayload;
      if (payload.x !== self.x) throw new AntidoteError('integrity_violation', `the shares from "${id}" are for point ${payload.x}, not this client's point ${self.x}`);
      this.held.set(id, {
        seed: decodeShare({ owner: id, x: payload.x, y: payload.seed }),
        maskingKey: decodeShare({ owner: id, x: payload.x, y: payload.maskingKey }),
      });
    }
    this.sharers = [...sharers].sort();

    const masked = encodeFixedPoint(update, this.config.fixedPoint);
    addMaskInPlace(masked, expandMask(this.selfMaskSeed, sessionId, 'self-mask', dimension));
    for (const id of this.sharers) {
      if (id === this.clientId) continue;
      const pairSecret = x25519Agree(this.maskingKeys.privateKey, this.peers.get(id)!.maskingPublicKey);
      const mask = expandMask(pairSecret, sessionId, 'pairwise-mask', dimension);
      if (this.clientId < id) addMaskInPlace(masked, mask);
      else subtractMaskInPlace(masked, mask);
    }
    this.phaseValue = 'masked';
    return { type: 'masked-input', sessionId, clientId: this.clientId, maskedInput: encodeWords(masked) };
  }

  private channelSecret(peer: string): Uint8Array {
    return x25519Agree(this.encryptionKeys.privateKey, this.peers.get(peer)!.encryptionPublicKey);
  }

  /**
   * Round 3 (consistency check): attests, once, the survivors list (U3) to every other survivor
   * with a tag the server cannot forge. Refuses a list that repeats a client, names a client that
   * did not share keys, leaves this client out or is shorter than t.
   */
  attestSurvivors(request: ConsistencyRequestMessage): ConsistencyResponseMessage {
    if (this.phaseValue === 'attested' || this.phaseValue === 'unmasked') {
      throw refuse(`client "${this.clientId}" already attested the survivors of round "${this.config.sessionId}"; a second list is refused`);
    }
    this.expectPhase('masked', 'attest the survivors');
    this.expectSession(request.sessionId);
    const survivors = new Set(request.survivors);
    if (survivors.size !== request.survivors.length) throw refuse('the survivors list repeats a client');
    for (const id of survivors) if (!this.sharers.includes(id)) throw refuse(`the survivors list names "${id}", which did not share keys`);
    if (!survivors.has(this.clientId)) throw refuse(`the survivors list leaves out "${this.clientId}", which sent its masked input`);
    if (survivors.size < this.config.threshold) throw refuse(`the survivors list names ${survivors.size} clients; the threshold is t = ${this.config.threshold}`);
    this.attested = [...survivors].sort();
    this.phaseValue = 'attested';
    const { sessionId } = this.config;
    return {
      type: 'consistency-response',
      sessionId,
      clientId: this.clientId,
      tags: this.attested
        .filter((id) => id !== this.clientId)
        .map((to) => ({ from: this.clientId, to, tag: survivorsTag(this.channelSecret(to), sessionId, this.clientId, to, this.attested) })),
    };
  }

  /**
   * Round 4: answers the one unmasking request of the round. Refuses (`forbidden`) unless the
   * survivors are exactly the list this client attested, at least t − 1 other survivors' valid tags
   * show that they attested the same list, and the dropped clients are the other clients that
   * shared keys; then releases each survivor's self-mask seed share and each dropped client's
   * mask-key share. A second request is refused, so the server never holds both shares of one
   * client from this client.
   */
  unmask(request: UnmaskRequestMessage): UnmaskResponseMessage {
    if (this.phaseValue === 'unmasked') throw refuse(`client "${this.clientId}" already answered the unmasking request of round "${this.config.sessionId}"; a second one is refused`);
    this.expectPhase('attested', 'unmask');
    this.expectSession(request.sessionId);
    if (request.clientId !== this.clientId) throw refuse(`an unmasking request addressed to "${request.clientId}" was delivered to "${this.clientId}"`);
    const survivors = new Set(request.survivors);
    const dropped = new Set(request.dropped);
    if (survivors.size !== request.survivors.length || dropped.size !== request.dropped.length) throw refuse('the unmasking request lists a client twice');
    for (const id of survivors) {
      if (dropped.has(id)) throw refuse(`the unmasking request lists "${id}" both as a survivor and as dropped: it asks for both shares of one client`);
    }
    if (survivors.size !== this.attested.length || this.attested.some((id) => !survivors.has(id))) {
      throw refuse(`the unmasking request's survivors differ from the ${this.attested.length} survivors client "${this.clientId}" attested`);
    }
    const expected = this.sharers;
    if (survivors.size + dropped.size !== expected.length || expected.some((id) => !survivors.has(id) && !dropped.has(id))) {
      throw refuse(`the unmasking request's survivors and dropped clients are not the ${expected.length} clients that shared keys`);
    }
    const { sessionId, threshold: t } = this.config;
    const attesters = new Set<string>([this.clientId]);
    for (const tag of request.tags) {
      if (tag.to !== this.clientId || !survivors.has(tag.from) || attesters.has(tag.from)) continue;
      const expectedTag = Buffer.from(survivorsTag(this.channelSecret(tag.from), sessionId, tag.from, this.clientId, this.attested), 'base64');
      const givenTag = Buffer.from(tag.tag, 'base64');
      if (givenTag.length === expectedTag.length && timingSafeEqual(givenTag, expectedTag)) attesters.add(tag.from);
    }
    if (attesters.size < t) {
      throw refuse(`only ${attesters.size} survivors (this client included) attested the same survivors list; t = ${t} are needed before any share is released`);
    }
    this.phaseValue = 'unmasked';
    return {
      type: 'unmask-response',
      sessionId: this.config.sessionId,
      clientId: this.clientId,
      seedShares: [...survivors].sort().map((id) => encodeShare(id, this.held.get(id)!.seed)),
      maskingKeyShares: [...dropped].sort().map((id) => encodeShare(id, this.held.get(id)!.maskingKey)),
    };
  }
}
