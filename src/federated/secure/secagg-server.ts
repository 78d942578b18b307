/**
 * The server of practical secure aggregation. Bonawitz et al. (2017), "Practical Secure
 * Aggregation for Privacy-Preserving Machine Learning", CCS: it relays encrypted shares, adds the
 * masked inputs, relays the survivors' attestations of who survived, and with t shares from the
 * survivors removes the self-masks of the survivors and
 * the pairwise masks shared with clients that dropped after sharing, learning only the sum.
 */
import { AntidoteError } from '../../core/errors.js';
import { decodeFixedPointSum } from './fixed-point.js';
import { addMaskInPlace, expandMask, subtractMaskInPlace } from './mask-prg.js';
import { validateSecAggConfig, type SecAggConfig } from './secagg-config.js';
import {
  decodeShare,
  decodeWords,
  type AdvertiseKeysMessage,
  type ClientKeys,
  type ConsistencyRequestMessage,
  type ConsistencyResponseMessage,
  type EncodedShare,
  type KeyDirectoryMessage,
  type MaskedInputMessage,
  type SecAggMessage,
  type ShareKeysMessage,
  type SharesDeliveryMessage,
  type UnmaskRequestMessage,
  type UnmaskResponseMessage,
} from './secagg-messages.js';
import { lagrangeAtZero, shamirCombine, type ShamirShare } from './shamir.js';
import { x25519Agree, x25519KeyPairFromPrivate } from './x25519.js';

/** The server's progress through the round. */
export type SecAggServerPhase = 'advertise-keys' | 'share-keys' | 'masked-input' | 'consistency' | 'unmask' | 'finished' | 'aborted';

/** What a finished round yields. */
export interface SecAggSum {
  /** The sum of the survivors' updates, decoded from fixed point. */
  readonly sum: Float64Array;
  /** The clients whose updates are in the sum (U3), sorted. */
  readonly survivors: readonly string[];
  /** The clients that shared keys but sent no masked input (U2 \ U3), whose masks were removed. */
  readonly dropped: readonly string[];
}

/**
 * The server's side of a secure-aggregation round, as a state machine. Each `receive*` takes one
 * client message of the current round; each closing call (`keyDirectory`, `sharesDeliveries`,
 * `consistencyRequest`, `unmaskRequests`, `finish`) ends a round and throws `conflict` when fewer than t clients took part
 * (at most n − t may drop out). Every message it receives is kept in {@link transcript}: the
 * server's entire view.
 *
 * @example
 * const server = new SecAggServer(config);
 * for (const m of advertisements) server.receiveAdvertisement(m);
 * broadcast(server.keyDirectory());
 */
export class SecAggServer {
  readonly config: SecAggConfig;
  private phaseValue: SecAggServerPhase = 'advertise-keys';
  private readonly received: SecAggMessage[] = [];
  private readonly keys = new Map<string, ClientKeys>();
  private directory: readonly ClientKeys[] = [];
  private readonly points = new Map<string, number>();
  private readonly shared = new Map<string, ShareKeysMessage>();
  private sharers: readonly string[] = [];
  private readonly inputs = new Map<string, Uint32Array>();
  private survivors: readonly string[] = [];
  private dropped: readonly string[] = [];
  private readonly attestations = new Map<string, ConsistencyResponseMessage>();
  private readonly responses = new Map<string, UnmaskResponseMessage>();

  constructor(config: SecAggConfig) {
    this.config = validateSecAggConfig(config);
  }

  /** Where the server is in the round. */
  get phase(): SecAggServerPhase {
    return this.phaseValue;
  }

  /** Every message the server has received, in order of arrival. */
  transcript(): readonly SecAggMessage[] {
    return this.received;
  }

  private accept(message: SecAggMessage & { readonly clientId: string }, phase: SecAggServerPhase, seen: ReadonlyMap<string, unknown>): void {
    if (this.phaseValue !== phase) {
      throw new AntidoteError('conflict', `"${message.type}" from "${message.clientId}" arrived in phase "${this.phaseValue}"; it is accepted only in phase "${phase}"`);
    }
    if (message.sessionId !== this.config.sessionId) {
      throw new AntidoteError('forbidden', `"${message.type}" from "${message.clientId}" is for round "${message.sessionId}", not "${this.config.sessionId}"`);
    }
    if (seen.has(message.clientId)) throw new AntidoteError('conflict', `client "${message.clientId}" already sent "${message.type}" in round "${this.config.sessionId}"`);
    this.received.push(message);
  }

  private requireQuorum(count: number, total: number, what: string): void {
    const { threshold: t, clientCount: n, sessionId } = this.config;
    if (count < t) {
      this.phaseValue = 'aborted';
      throw new AntidoteError(
        'conflict',
        `round "${sessionId}" aborted: only ${count} of ${total} clients ${what}; the threshold t = ${t} needs at least ${t} (at most n - t = ${n - t} of n = ${n} may drop out)`,
      );
    }
  }

  /** Round 0: one client's public keys. */
  receiveAdvertisement(message: AdvertiseKeysMessage): void {
    this.accept(message, 'advertise-keys', this.keys);
    if (this.keys.size >= this.config.clientCount) {
      this.received.pop();
      throw new AntidoteError('conflict', `round "${this.config.sessionId}" is full: it admits n = ${this.config.clientCount} clients`);
    }
    for (const key of [message.encryptionPublicKey, message.maskingPublicKey]) {
      if (Buffer.from(key, 'base64').length !== 32) {
        this.received.pop();
        throw new AntidoteError('invalid_input', `"${message.clientId}" advertised a public key that is not 32 bytes of base64: ${JSON.stringify(key.slice(0, 60))}`);
      }
    }
    const taken = new Set([...this.keys.values()].flatMap((k) => [k.encryptionPublicKey, k.maskingPublicKey]));
    if (taken.has(message.encryptionPublicKey) || taken.has(message.maskingPublicKey) || message.encryptionPublicKey === message.maskingPublicKey) {
      this.received.pop();
      throw new AntidoteError('conflict', `"${message.clientId}" advertised a public key already in use in round "${this.config.sessionId}"; every key must be fresh`);
    }
    this.keys.set(message.clientId, { clientId: message.clientId, encryptionPublicKey: message.encryptionPublicKey, maskingPublicKey: message.maskingPublicKey });
  }

  /** Closes round 0: the directory of admitted clients (U1), sorted by id; client i holds Shamir point i + 1. */
  keyDirectory(): KeyDirectoryMessage {
    if (this.phaseValue !== 'advertise-keys') throw new AntidoteError('conflict', `the key directory is built in phase "advertise-keys", not "${this.phaseValue}"`);
    this.requireQuorum(this.keys.size, this.config.clientCount, 'advertised keys');
    this.directory = [...this.keys.values()].sort((a, b) => (a.clientId < b.clientId ? -1 : 1));
    this.directory.forEach((c, i) => this.points.set(c.clientId, i + 1));
    this.phaseValue = 'share-keys';
    return { type: 'key-directory', sessionId: this.config.sessionId, clients: this.directory };
  }

  /** Round 1: one client's encrypted shares, one for each other client of the directory. */
  receiveShareKeys(message: ShareKeysMessage): void {
    this.accept(message, 'share-keys', this.shared);
    if (!this.points.has(message.clientId)) {
      this.received.pop();
      throw new AntidoteError('forbidden', `"${message.clientId}" is not in the key directory of round "${this.config.sessionId}"`);
    }
    const targets = new Set(message.encryptedShares.map((e) => e.to));
    const complete = targets.size === this.directory.length - 1 && this.directory.every((c) => c.clientId === message.clientId || targets.has(c.clientId));
    if (!complete) {
      this.received.pop();
      throw new AntidoteError('invalid_input', `"${message.clientId}" must send exactly one encrypted share to each of the other ${this.directory.length - 1} clients of the directory`);
    }
    this.shared.set(message.clientId, message);
  }

  /** Closes round 1: for each client that shared (U2), the list U2 and the ciphertexts addressed to it. */
  sharesDeliveries(): SharesDeliveryMessage[] {
    if (this.phaseValue !== 'share-keys') throw new AntidoteError('conflict', `shares are delivered in phase "share-keys", not "${this.phaseValue}"`);
    this.requireQuorum(this.shared.size, this.directory.length, 'shared their keys');
    this.sharers = [...this.shared.keys()].sort();
    this.phaseValue = 'masked-input';
    return this.sharers.map((to) => ({
      type: 'shares-delivery',
      sessionId: this.config.sessionId,
      clientId: to,
      sharers: this.sharers,
      encryptedShares: this.sharers.filter((from) => from !== to).map((from) => ({ from, ciphertext: this.shared.get(from)!.encryptedShares.find((e) => e.to === to)!.ciphertext })),
    }));
  }

  /** Round 2: one client's masked input. Inputs arriving after {@link consistencyRequest} are refused. */
  receiveMaskedInput(message: MaskedInputMessage): void {
    this.accept(message, 'masked-input', this.inputs);
    if (!this.shared.has(message.clientId)) {
      this.received.pop();
      throw new AntidoteError('forbidden', `"${message.clientId}" did not share keys in round "${this.config.sessionId}", so its masked input cannot be unmasked`);
    }
    this.inputs.set(message.clientId, decodeWords(message.maskedInput, this.config.dimension, ['maskedInput']));
  }

  /** Closes round 2: the survivors (U3), sent to each of them to attest. */
  consistencyRequest(): ConsistencyRequestMessage {
    if (this.phaseValue !== 'masked-input') throw new AntidoteError('conflict', `the consistency request is built in phase "masked-input", not "${this.phaseValue}"`);
    this.requireQuorum(this.inputs.size, this.sharers.length, 'sent masked inputs');
    this.survivors = [...this.inputs.keys()].sort();
    this.dropped = this.sharers.filter((id) => !this.inputs.has(id));
    this.phaseValue = 'consistency';
    return { type: 'consistency-request', sessionId: this.config.sessionId, survivors: this.survivors };
  }

  /** Round 3: one survivor's tags on the survivors list, one for each other survivor. */
  receiveConsistencyResponse(message: ConsistencyResponseMessage): void {
    this.accept(message, 'consistency', this.attestations);
    const others = this.survivors.filter((id) => id !== message.clientId);
    const targets = new Set(message.tags.map((t) => t.to));
    const complete =
      this.inputs.has(message.clientId) &&
      message.tags.every((t) => t.from === message.clientId) &&
      targets.size === message.tags.length &&
      targets.size === others.length &&
      others.every((id) => targets.has(id));
    if (!complete) {
      this.received.pop();
      throw new AntidoteError('invalid_input', `consistency response from "${message.clientId}": a survivor must send one tag of its own to each of the other ${others.length} survivors`);
    }
    this.attestations.set(message.clientId, message);
  }

  /** Closes round 3: for each survivor that attested, the unmasking request with the tags addressed to it. */
  unmaskRequests(): UnmaskRequestMessage[] {
    if (this.phaseValue !== 'consistency') throw new AntidoteError('conflict', `unmasking requests are built in phase "consistency", not "${this.phaseValue}"`);
    this.requireQuorum(this.attestations.size, this.survivors.length, 'attested the survivors');
    this.phaseValue = 'unmask';
    const attesters = [...this.attestations.keys()].sort();
    return attesters.map((to) => ({
      type: 'unmask-request',
      sessionId: this.config.sessionId,
      clientId: to,
      survivors: this.survivors,
      dropped: this.dropped,
      tags: attesters.filter((from) => from !== to).map((from) => this.attestations.get(from)!.tags.find((t) => t.to === to)!),
    }));
  }

  /** Round 4: one attesting survivor's shares. */
  receiveUnmaskResponse(message: UnmaskResponseMessage): void {
    this.accept(message, 'unmask', this.responses);
    const x = this.points.get(message.clientId);
    const fail = (why: string): never => {
      this.received.pop();
      throw new AntidoteError('invalid_input', `unmasking response from "${message.clientId}": ${why}`);
    };
    if (!this.attestations.has(message.clientId)) fail('only survivors that attested the survivors list answer the unmasking request');
    const covers = (shares: readonly EncodedShare[], owners: readonly string[]): boolean =>
      shares.length === owners.length && shares.every((s, i) => s.owner === owners[i] && s.x === x);
    if (!covers(message.seedShares, this.survivors)) fail('it must hold one self-mask seed share per survivor, in sorted order, at its own point');
    if (!covers(message.maskingKeyShares, this.dropped)) fail('it must hold one mask-key share per dropped client, in sorted order, at its own point');
    this.responses.set(message.clientId, message);
  }

  /**
   * Closes round 4: rebuilds each dropped client's masking key (checked against its published
   * public key) and each survivor's self-mask seed from the first t responders, removes the masks
   * and returns the decoded sum.
   */
  finish(): SecAggSum {
    if (this.phaseValue !== 'unmask') throw new AntidoteError('conflict', `the sum is unmasked in phase "unmask", not "${this.phaseValue}"`);
    this.requireQuorum(this.responses.size, this.survivors.length, 'answered the unmasking request');
    const { threshold: t, dimension, sessionId } = this.config;
    const responders = [...this.responses.keys()].sort().slice(0, t);
    const weights = lagrangeAtZero(responders.map((id) => this.points.get(id)!));
    const sharesOf = (kind: 'seedShares' | 'maskingKeyShares', index: number): ShamirShare[] =>
      responders.map((id) => decodeShare(this.responses.get(id)![kind][index]!));

    const sum = new Uint32Array(dimension);
    for (const id of this.survivors) addMaskInPlace(sum, this.inputs.get(id)!);
    const maskingKeyOf = (id: string): Uint8Array => new Uint8Array(Buffer.from(this.keys.get(id)!.maskingPublicKey, 'base64'));

    this.dropped.forEach((droppedId, index) => {
      const keyPair = x25519KeyPairFromPrivate(shamirCombine(sharesOf('maskingKeyShares', index), t, 32, weights));
      if (!Buffer.from(keyPair.publicKeyRaw).equals(maskingKeyOf(droppedId))) {
        this.phaseValue = 'aborted';
        throw new AntidoteError('integrity_violation', `the rebuilt masking key of dropped client "${droppedId}" does not match its public key: a responder sent a wrong share`);
      }
      for (const survivorId of this.survivors) {
        const mask = expandMask(x25519Agree(keyPair.privateKey, maskingKeyOf(survivorId)), sessionId, 'pairwise-mask', dimension);
        // The survivor added the mask when its id sorts first, and subtracted it otherwise.
        if (survivorId < droppedId) subtractMaskInPlace(sum, mask);
        else addMaskInPlace(sum, mask);
      }
    });
    this.survivors.forEach((_, index) => {
      const seed = shamirCombine(sharesOf('seedShares', index), t, 32, weights);
      subtractMaskInPlace(sum, expandMask(seed, sessionId, 'self-mask', dimension));
    });
    this.phaseValue = 'finished';
    return { sum: decodeFixedPointSum(sum, this.config.fixedPoint.scale), survivors: this.survivors, dropped: this.dropped };
  }
}
