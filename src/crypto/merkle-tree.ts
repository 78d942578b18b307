// Merkle Tree Hash and inclusion proofs of RFC 6962 §2.1 (Laurie, Langley, Kasper 2013), verified as in RFC 9162 §2.1.3.2.
import { createHash } from 'node:crypto';
import { invalidInput } from '../core/errors.js';

/**
 * Domain separation: a leaf is hashed as SHA-256(0x00 ‖ data) and an inner node as
 * SHA-256(0x01 ‖ left ‖ right), so no inner node can be passed off as a leaf (second-preimage
 * attack on the tree). An odd tree splits at the largest power of two below its size, as RFC 6962
 * does, so no leaf is ever duplicated. The empty tree's root is SHA-256 of nothing.
 */
const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

/** An inclusion proof: the sibling hashes from the leaf up to the root (RFC 6962 "audit path"). */
export interface MerkleProof {
  readonly leafIndex: number;
  readonly treeSize: number;
  readonly path: readonly Uint8Array[];
}

/** SHA-256(0x00 ‖ data): the hash of one leaf. */
export function merkleLeafHash(data: Uint8Array): Buffer {
  return createHash('sha256').update(LEAF_PREFIX).update(data).digest();
}

/** SHA-256(0x01 ‖ left ‖ right): the hash of one inner node. */
export function merkleNodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  return createHash('sha256').update(NODE_PREFIX).update(left).update(right).digest();
}

function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function rootOfRange(leafHashes: readonly Buffer[], from: number, to: number): Buffer {
  const n = to - from;
  if (n === 1) return leafHashes[from]!;
  const k = largestPowerOfTwoBelow(n);
  return merkleNodeHash(rootOfRange(leafHashes, from, from + k), rootOfRange(leafHashes, from + k, to));
}

/**
 * The Merkle root over ordered leaves (for a dataset version: the SHA-256 of each plaintext chunk, in order).
 *
 * @example
 * const root = merkleRoot(chunks.map((c) => sha256(c))).toString('hex');
 */
export function merkleRoot(leaves: readonly Uint8Array[]): Buffer {
  if (leaves.length === 0) return createHash('sha256').digest();
  return rootOfRange(leaves.map(merkleLeafHash), 0, leaves.length);
}

/** The inclusion proof of leaf `index` among `leaves`. */
export function merkleProof(leaves: readonly Uint8Array[], index: number): MerkleProof {
  if (!Number.isInteger(index) || index < 0 || index >= leaves.length) {
    throw invalidInput(`leaf index ${index} is outside the tree of ${leaves.length} leaves; valid: 0..${leaves.length - 1}`);
  }
  const hashes = leaves.map(merkleLeafHash);
  const path: Buffer[] = [];
  const walk = (m: number, from: number, to: number): void => {
    const n = to - from;
    if (n === 1) return;
    const k = largestPowerOfTwoBelow(n);
    if (m < k) {
      walk(m, from, from + k);
      path.push(rootOfRange(hashes, from + k, to));
    } else {
      walk(m - k, from + k, to);
      path.push(rootOfRange(hashes, from, from + k));
    }
  };
  walk(index, 0, leaves.length);
  return { leafIndex: index, treeSize: leaves.length, path };
}

/**
 * True when `proof` shows that `leaf` (the leaf's data, not its hash) sits at `proof.leafIndex` in
 * the tree of `proof.treeSize` leaves whose root is `root`.
 *
 * @example
 * verifyMerkleProof(chunkHash, merkleProof(leaves, 3), root); // true
 */
export function verifyMerkleProof(leaf: Uint8Array, proof: MerkleProof, root: Uint8Array): boolean {
  if (!Number.isInteger(proof.leafIndex) || !Number.isInteger(proof.treeSize) || proof.leafIndex < 0 || proof.leafIndex >= proof.treeSize) return false;
  let fn = proof.leafIndex;
  let sn = proof.treeSize - 1;
  let r: Buffer = merkleLeafHash(leaf);
  for (const p of proof.path) {
    if (sn === 0) return false;
    if ((fn & 1) === 1 || fn === sn) {
      r = merkleNodeHash(p, r);
      while ((fn & 1) === 0 && fn !== 0) {
        fn >>>= 1;
        sn >>>= 1;
      }
    } else {
      r = merkleNodeHash(r, p);
    }
    fn >>>= 1;
    sn >>>= 1;
  }
  return sn === 0 && Buffer.compare(r, Buffer.from(root)) === 0;
}
