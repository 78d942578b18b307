import { signCanonical, verifyCanonical } from '../crypto/ed25519-signer.js';
import { chainHash, GENESIS_HASH } from '../crypto/hash-chain.js';
import { ledgerEntryBody } from '../storage/ledger-entry.js';
import type { CheckpointRecord, LedgerEntryRecord, SigningKeyRecord } from '../storage/vault-records.js';

/**
 * The audit ledger's checks: a hash chain (each entry's hash = SHA-256(previous hash ‖ canonical
 * entry), after Haber & Stornetta 1991, "How to time-stamp a digital document") plus Ed25519-signed
 * checkpoints of its head, which can be exported and kept elsewhere so that even a rewrite of the
 * whole chain is caught.
 */

/** One thing wrong with the ledger, naming the entry. */
export interface LedgerProblem {
  readonly seq: number;
  readonly problem: string;
}

/**
 * Everything wrong with a ledger read in order: missing entries (gaps in `seq`), entries whose
 * content no longer matches their hash, and links whose `prevHash` is not the previous hash.
 *
 * @example
 * ledgerChainProblems(await store.ledger()); // [] when intact
 */
export function ledgerChainProblems(entries: readonly LedgerEntryRecord[]): LedgerProblem[] {
  const problems: LedgerProblem[] = [];
  let prevSeq = 0;
  let prevHash = GENESIS_HASH;
  for (const e of entries) {
    if (e.seq !== prevSeq + 1) {
      const first = prevSeq + 1;
      const last = e.seq - 1;
      for (let s = first; s <= last && s < first + 100; s++) problems.push({ seq: s, problem: `ledger entry ${s} is missing (the chain jumps from ${prevSeq} to ${e.seq})` });
    } else if (e.prevHash !== prevHash) {
      problems.push({ seq: e.seq, problem: `ledger entry ${e.seq} does not link to entry ${prevSeq}: its prevHash is not that entry's hash (entry ${prevSeq} or an earlier one was rewritten)` });
    }
    let recomputed: string;
    try {
      recomputed = chainHash(e.prevHash, ledgerEntryBody(e));
    } catch {
      recomputed = '';
    }
    if (recomputed !== e.hash) problems.push({ seq: e.seq, problem: `ledger entry ${e.seq} was altered: its content no longer matches its hash` });
    prevSeq = e.seq;
    prevHash = e.hash;
  }
  return problems;
}

/** The signed part of a checkpoint. */
function checkpointBody(c: Pick<CheckpointRecord, 'seq' | 'hash' | 'at' | 'keyId'>): Record<string, unknown> {
  return { format: 'antidote.checkpoint/1', seq: c.seq, hash: c.hash, at: c.at, keyId: c.keyId };
}

/** Signs the statement "ledger entry `entry.seq` had hash `entry.hash`" at time `at`. */
export function signCheckpoint(entry: Pick<LedgerEntryRecord, 'seq' | 'hash'>, at: string, signer: { readonly keyId: string; readonly privateKey: string }): CheckpointRecord {
  const body = { seq: entry.seq, hash: entry.hash, at, keyId: signer.keyId };
  return { ...body, signature: signCanonical(checkpointBody(body), signer.privateKey) };
}

/**
 * Why a checkpoint does not hold, or `undefined`: its signature must verify under the named key,
 * and the ledger must still hold entry `seq` with exactly that hash.
 */
export function checkpointProblem(c: CheckpointRecord, entryHashes: ReadonlyMap<number, string>, publicKeys: ReadonlyMap<string, string>): string | undefined {
  const pub = publicKeys.get(c.keyId);
  if (pub === undefined) return `checkpoint at ledger entry ${c.seq} is signed by unknown key ${c.keyId}`;
  if (!verifyCanonical(checkpointBody(c), c.signature, pub)) return `checkpoint at ledger entry ${c.seq}: signature does not verify`;
  const h = entryHashes.get(c.seq);
  if (h === undefined) return `checkpoint at ledger entry ${c.seq}: the ledger no longer has entry ${c.seq} (truncated or deleted)`;
  if (h !== c.hash) return `checkpoint at ledger entry ${c.seq}: the ledger's entry ${c.seq} has another hash now (the ledger was rewritten)`;
  return undefined;
}

/** The exported checkpoints: keep a copy outside the server to detect a rewritten ledger later. */
export interface CheckpointExport {
  readonly format: 'antidote.checkpoints/1';
  readonly signingKeys: readonly { readonly keyId: string; readonly publicKey: string }[];
  readonly checkpoints: readonly CheckpointRecord[];
}

/** The export document of a vault's checkpoints and the public keys that verify them. */
export function checkpointExport(checkpoints: readonly CheckpointRecord[], signingKeys: readonly SigningKeyRecord[]): CheckpointExport {
  return { format: 'antidote.checkpoints/1', signingKeys: signingKeys.map((k) => ({ keyId: k.keyId, publicKey: k.publicKey })), checkpoints: [...checkpoints] };
}
