/** Projects' policies, datasets, baselines, batches, quarantine decisions and snapshots. */
import { AntidoteError } from '../../core/errors.js';
import { ApiError } from '../api-error.js';
import type { Actor } from '../ingest-pipeline.js';
import type { RouteInput, RouteSpec } from '../route-spec.js';

const DS = '/v1/projects/:project/datasets/:dataset';

function actor(input: RouteInput): Actor {
  return { principal: input.principal!, origin: input.origin };
}

function csvBody(input: RouteInput): Buffer {
  if (!Buffer.isBuffer(input.body)) throw new ApiError('unsupported_media_type', 'send the table as the request body with Content-Type: text/csv');
  return input.body;
}

const DECISION_BODY = {
  type: 'object',
  additionalProperties: false,
  properties: { reason: { type: 'string', maxLength: 1000 } },
} as const;

/** The ingest pipeline's routes. */
export const DATASET_ROUTES: readonly RouteSpec[] = [
  {
    operationId: 'getPolicy',
    method: 'GET',
    url: '/v1/projects/:project/policy',
    summary: "The project's scan policy ({} means the defaults by data kind).",
    access: { kind: 'action', action: 'project.read', project: 'param' },
    returns: 'the DetectionPolicy JSON',
    async handler(input, { pipeline }) {
      return { json: pipeline.policy(input.params['project']!) };
    },
  },
  {
    operationId: 'setPolicy',
    method: 'PUT',
    url: '/v1/projects/:project/policy',
    summary: "Replace the project's scan policy; later uploads are scanned under it.",
    access: { kind: 'action', action: 'policy.manage', project: 'param' },
    bodyKind: 'json',
    bodySchema: { type: 'object' },
    returns: 'the policy as stored',
    async handler(input, { pipeline }) {
      return { json: await pipeline.setPolicy(input.params['project']!, input.body, actor(input)) };
    },
  },
  {
    operationId: 'listDatasets',
    method: 'GET',
    url: '/v1/projects/:project/datasets',
    summary: 'The datasets of a project with their current snapshot and batch counts.',
    access: { kind: 'action', action: 'dataset.read', project: 'param' },
    returns: '{ datasets: DatasetView[] }',
    async handler(input, { pipeline }) {
      return { json: { datasets: pipeline.listDatasets(input.params['project']!) } };
    },
  },
  {
    operationId: 'createDataset',
    method: 'POST',
    url: '/v1/projects/:project/datasets',
    summary: 'Create a dataset (its own data key in the vault); `label` names the label column the scan uses.',
    access: { kind: 'action', action: 'dataset.create', project: 'param' },
    bodyKind: 'json',
    bodySchema: {
      type: 'object',
      additionalProperties: false,
      required: ['name'],
      properties: { name: { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]{0,62}$' }, label: { type: ['string', 'null'], minLength: 1, maxLength: 256 } },
    },
    successStatus: 201,
    returns: 'the DatasetView',
    async handler(input, { pipeline }) {
      const body = input.body as { name: string; label?: string | null };
      return { status: 201, json: await pipeline.createDataset(input.params['project']!, body.name, body.label ?? null, actor(input)) };
    },
  },
  {
    operationId: 'getDataset',
    method: 'GET',
    url: DS,
    summary: 'One dataset.',
    access: { kind: 'action', action: 'dataset.read', project: 'param' },
    returns: 'the DatasetView',
    async handler(input, { pipeline }) {
      return { json: pipeline.getDataset(input.params['project']!, input.params['dataset']!) };
    },
  },
  {
    operationId: 'seedBaseline',
    method: 'POST',
    url: `${DS}/baseline`,
    summary: 'Upload already-verified data (CSV) as the first snapshot and the baseline batches are scanned against.',
    access: { kind: 'action', action: 'dataset.create', project: 'param' },
    bodyKind: 'csv',
    successStatus: 201,
    returns: 'the DatasetView with its snapshot root',
    async handler(input, { pipeline }) {
      return { status: 201, json: await pipeline.seedBaseline(input.params['project']!, input.params['dataset']!, csvBody(input), actor(input)) };
    },
  },
  {
    operationId: 'uploadBatch',
    method: 'POST',
    url: `${DS}/batches`,
    summary: 'Upload a batch (CSV). It is scanned under the project policy against the baseline; accepted rows join the verified snapshot, suspicious rows are held in quarantine.',
    access: { kind: 'action', action: 'batch.upload', project: 'param' },
    bodyKind: 'csv',
    successStatus: 201,
    returns: 'the BatchView with the scan verdict and reasons',
    async handler(input, { pipeline }) {
      return { status: 201, json: await pipeline.uploadBatch(input.params['project']!, input.params['dataset']!, csvBody(input), actor(input)) };
    },
  },
  {
    operationId: 'listBatches',
    method: 'GET',
    url: `${DS}/batches`,
    summary: 'Every batch of the dataset with its verdict and status (no row content).',
    access: { kind: 'action', action: 'batch.read', project: 'param' },
    returns: '{ batches: BatchView[] }',
    async handler(input, { pipeline }) {
      return { json: { batches: await pipeline.listBatches(input.params['project']!, input.params['dataset']!) } };
    },
  },
  {
    operationId: 'listQuarantine',
    method: 'GET',
    url: `${DS}/quarantine`,
    summary: 'The batches waiting for a steward, with their held rows and why the scan held each.',
    access: { kind: 'action', action: 'quarantine.read', project: 'param' },
    returns: '{ batches: QuarantinedBatch[] }',
    async handler(input, { pipeline }) {
      return { json: { batches: await pipeline.quarantine(input.params['project']!, input.params['dataset']!) } };
    },
  },
  {
    operationId: 'releaseBatch',
    method: 'POST',
    url: `${DS}/batches/:batch/release`,
    summary: "Release a quarantined batch's held rows into the verified snapshot (four-eyes: never the uploader).",
    access: { kind: 'action', action: 'quarantine.release', project: 'param' },
    bodyKind: 'json',
    bodySchema: DECISION_BODY,
    returns: 'the BatchView (status released)',
    async handler(input, { pipeline }) {
      const reason = (input.body as { reason?: string } | undefined)?.reason;
      return { json: await pipeline.decide(input.params['project']!, input.params['dataset']!, input.params['batch']!, 'release', actor(input), reason) };
    },
  },
  {
    operationId: 'rejectBatch',
    method: 'POST',
    url: `${DS}/batches/:batch/reject`,
    summary: "Reject a quarantined batch's held rows for good (four-eyes: never the uploader).",
    access: { kind: 'action', action: 'quarantine.release', project: 'param' },
    bodyKind: 'json',
    bodySchema: DECISION_BODY,
    returns: 'the BatchView (status rejected)',
    async handler(input, { pipeline }) {
      const reason = (input.body as { reason?: string } | undefined)?.reason;
      return { json: await pipeline.decide(input.params['project']!, input.params['dataset']!, input.params['batch']!, 'reject', actor(input), reason) };
    },
  },
  {
    operationId: 'getSnapshotManifest',
    method: 'GET',
    url: `${DS}/snapshots/:root/manifest`,
    summary: 'The signed manifest of a verified snapshot: chunk hashes, Merkle root, Ed25519 signature, column order.',
    access: { kind: 'action', action: 'snapshot.read', project: 'param' },
    returns: '{ signed: SignedManifest, columns }',
    async handler(input, { pipeline }) {
      const s = await pipeline.snapshot(input.params['project']!, input.params['dataset']!, input.params['root']!);
      return { json: { signed: s.signed, columns: s.columns } };
    },
  },
  {
    operationId: 'getSnapshot',
    method: 'GET',
    url: `${DS}/snapshots/:root`,
    summary: 'The rows of a verified snapshot (JSON Lines, exactly the bytes the manifest hashes), verified by the vault on read.',
    access: { kind: 'action', action: 'snapshot.read', project: 'param' },
    returns: 'application/x-ndjson bytes; header x-antidote-root',
    async handler(input, { pipeline }) {
      const s = await pipeline.snapshot(input.params['project']!, input.params['dataset']!, input.params['root']!);
      if (s.signed.manifest.contentType !== 'application/x-ndjson') throw new AntidoteError('internal', `version ${s.root} does not hold rows`);
      return { bytes: s.bytes, contentType: 'application/x-ndjson', headers: { 'x-antidote-root': s.root } };
    },
  },
];
