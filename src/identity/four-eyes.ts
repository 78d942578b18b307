/**
 * The four-eyes rule of the ingest gate: the user who uploaded a batch can never review or
 * release it, whatever roles they hold (admin included). Checked after `authorize`, because it
 * depends on who uploaded, not on a role.
 */
import { AntidoteError } from '../core/errors.js';
import type { Principal } from './principal.js';

/** What the rule needs to know about the batch. */
export interface UploadedBatch {
  readonly batchId: string;
  /** `userId` of the principal that uploaded the batch. */
  readonly uploadedBy: string;
}

/**
 * Throws `forbidden` when `reviewer` is the uploader of `batch`.
 *
 * @example
 * assertAuthorized(principal, project, 'quarantine.release');
 * assertFourEyes(principal, { batchId: batch.id, uploadedBy: batch.uploadedBy });
 */
export function assertFourEyes(reviewer: Principal, batch: UploadedBatch): void {
  if (reviewer.userId === batch.uploadedBy) {
    throw new AntidoteError(
      'forbidden',
      `user "${reviewer.username}" uploaded batch ${batch.batchId} and may not review or release it (four-eyes rule: another steward or admin must decide)`,
    );
  }
}
