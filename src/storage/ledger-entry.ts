import { chainHash } from '../crypto/hash-chain.js';
import type { LedgerDraft, LedgerEntryRecord, LedgerHead } from './vault-records.js';

/** The part of a ledger entry that is hashed: everything but `prevHash` (chained in) and `hash`. */
export function ledgerEntryBody(entry: LedgerDraft & { readonly seq: number }): Readonly<Record<string, unknown>> {
  return {
    seq: entry.seq,
    at: entry.at,
    actor: entry.actor,
    action: entry.action,
    target: entry.target,
    origin: entry.origin,
    result: entry.result,
    details: entry.details,
  };
}

/**
 * Seals a draft onto the head of the ledger: `seq = head.seq + 1`,
 * `hash = SHA-256(head.hash ‖ canonical body)`.
 *
 * @example
 * const entry = sealLedgerEntry(await store.ledgerHead(), draft);
 */
export function sealLedgerEntry(head: LedgerHead, draft: LedgerDraft): LedgerEntryRecord {
  const seq = head.seq + 1;
  const body = ledgerEntryBody({ ...draft, seq });
  return { ...draft, seq, prevHash: head.hash, hash: chainHash(head.hash, body) };
}
