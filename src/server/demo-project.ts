/**
 * The demo project of `antidote serve --demo`: project `demo`, dataset `breast-cancer` (label
 * `diagnosis`) with the shipped verified table as its baseline, and the shipped poisoned batch
 * uploaded by a demo contributor, so one batch waits in quarantine for the admin to review
 * (the admin did not upload it, so the four-eyes rule lets it decide).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import type { Principal } from '../identity/principal.js';
import type { AntidoteServer } from './create-server.js';
import { vaultDatasetId } from './pipeline-catalog.js';

/** What {@link setUpDemoProject} did. */
export interface DemoProject {
  readonly created: boolean;
  readonly project: string;
  readonly dataset: string;
  readonly batch: string | null;
  readonly heldRows: number;
}

/** The folder of the shipped example (from `src/server` or `dist/server`). */
export const EXAMPLE_DIR = new URL('../../examples/breast-cancer/', import.meta.url);

/**
 * Creates the demo project once; later starts find it and change nothing.
 *
 * @example
 * const demo = await setUpDemoProject(server);
 */
export async function setUpDemoProject(server: AntidoteServer, exampleDir: string = fileURLToPath(EXAMPLE_DIR)): Promise<DemoProject> {
  const project = 'demo';
  const dataset = 'breast-cancer';
  if (server.pipeline.catalog.datasets.has(vaultDatasetId(project, dataset))) return { created: false, project, dataset, batch: null, heldRows: 0 };
  const setup: Principal = { userId: 'system', username: 'demo-setup', method: 'password', grants: [], passwordChangeRequired: false };
  const origin = 'local';
  await server.pipeline.createDataset(project, dataset, 'diagnosis', { principal: setup, origin });
  await server.pipeline.seedBaseline(project, dataset, readFileSync(join(exampleDir, 'verified.csv')), { principal: setup, origin });
  const contributorName = 'demo-contributor';
  const user = await server.identity.createUser({ username: contributorName, password: randomBytes(24).toString('base64url') });
  await server.identity.grantRole({ username: contributorName, project, role: 'contributor' });
  const contributor: Principal = { userId: user.id, username: contributorName, method: 'password', grants: [{ project, role: 'contributor' }], passwordChangeRequired: false };
  const batch = await server.pipeline.uploadBatch(project, dataset, readFileSync(join(exampleDir, 'batch.csv')), { principal: contributor, origin });
  return { created: true, project, dataset, batch: batch.batch, heldRows: batch.heldRows };
}
