import { AntidoteError } from '../core/errors.js';
import { VERSION_TRANSITIONS, type DatasetRecord, type VersionRecord, type VersionStatus } from './vault-records.js';

/**
 * The write-once rules as pure checks, shared by every driver so each refuses the same changes
 * with the same error before its SQL triggers would.
 */

/** A version may change status only forward, from the status the caller saw. */
export function assertStatusChange(current: VersionRecord | undefined, root: string, from: VersionStatus, to: VersionStatus): void {
  if (!current) throw new AntidoteError('not_found', `version ${root} does not exist`);
  if (current.status !== from) throw new AntidoteError('conflict', `version ${root} is "${current.status}", not "${from}" as expected: it changed meanwhile`);
  const allowed = VERSION_TRANSITIONS[from];
  if (!allowed.includes(to)) {
    throw new AntidoteError('forbidden', `version ${root} cannot go from "${from}" to "${to}"; allowed from "${from}": ${allowed.length ? allowed.join(', ') : 'none (final)'}`);
  }
}

/** A dataset can be deleted only when it lives, has no legal hold and its retention has passed. */
export function assertDeletable(dataset: DatasetRecord | undefined, id: string, at: string): void {
  if (!dataset) throw new AntidoteError('not_found', `dataset "${id}" does not exist`);
  if (dataset.deletedAt !== null) throw new AntidoteError('conflict', `dataset "${id}" was already deleted at ${dataset.deletedAt}`);
  if (dataset.legalHold) throw new AntidoteError('forbidden', `dataset "${id}" is under legal hold: it cannot be deleted until the hold is released`);
  if (dataset.retainUntil !== null && dataset.retainUntil > at) {
    throw new AntidoteError('forbidden', `dataset "${id}" is retained until ${dataset.retainUntil}: it cannot be deleted at ${at}`);
  }
}

/** Retention can be set or extended, never shortened or removed; a deleted dataset changes no more. */
export function assertRetentionChange(dataset: DatasetRecord | undefined, id: string, retainUntil: string): void {
  if (!dataset) throw new AntidoteError('not_found', `dataset "${id}" does not exist`);
  if (dataset.deletedAt !== null) throw new AntidoteError('conflict', `dataset "${id}" was deleted at ${dataset.deletedAt}`);
  if (dataset.retainUntil !== null && retainUntil < dataset.retainUntil) {
    throw new AntidoteError('forbidden', `retention of dataset "${id}" can only be extended: ${retainUntil} is before the current ${dataset.retainUntil}`);
  }
}

/** A legal hold can be set or released on a living dataset. */
export function assertLegalHoldChange(dataset: DatasetRecord | undefined, id: string): void {
  if (!dataset) throw new AntidoteError('not_found', `dataset "${id}" does not exist`);
  if (dataset.deletedAt !== null) throw new AntidoteError('conflict', `dataset "${id}" was deleted at ${dataset.deletedAt}`);
}

/** Maps a write-once refusal raised by a SQL trigger to an AntidoteError; other errors pass through. */
export function fromTriggerError(e: unknown): unknown {
  const message = e instanceof Error ? e.message : '';
  if (message.includes('write-once:')) return new AntidoteError('forbidden', message.slice(message.indexOf('write-once:')), undefined, { cause: e });
  return e;
}
