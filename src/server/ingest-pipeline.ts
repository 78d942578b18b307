/**
 * The ingest gate as a use case over the vault: datasets per project, the verified baseline, batch
 * uploads scanned under the project's policy (accepted rows join the dataset's verified snapshot,
 * suspicious rows wait in quarantine), the steward's four-eyes release or rejection, and verified
 * snapshots read back by root. The HTTP routes only authenticate, authorise and call these methods.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { AntidoteError, invalidInput } from '../core/errors.js';
import type { ScanReport } from '../core/scan-report.js';
import { serializeBaseline } from '../baseline/baseline-file.js';
import { createDetectorRegistry } from '../detectors/detector-registry.js';
import { assertFourEyes } from '../identity/four-eyes.js';
import { checkProjectName } from '../identity/names.js';
import type { Principal } from '../identity/principal.js';
import type { LedgerEntryRecord } from '../storage/vault-records.js';
import type { SignedManifest } from '../vault/dataset-manifest.js';
import type { ActionContext, Vault } from '../vault/vault.js';
import { parseDetectionPolicy, type DetectionPolicy } from '../workflows/detection-policy.js';
import { makeBaseline } from '../workflows/make-baseline.js';
import { scanBatch } from '../workflows/scan-batch.js';
import { parseCsvTable, tableToCsv, toTextRows, type TextTable } from './csv-rows.js';
import { KeyedMutex } from './keyed-mutex.js';
import { CATALOG_ACTIONS, PipelineCatalog, vaultDatasetId, type BatchEntry, type DatasetEntry } from './pipeline-catalog.js';
import { withScratchDir } from './scratch-dir.js';

const DATASET_NAME = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/** Who acts: the authenticated principal and the client address. */
export interface Actor {
  readonly principal: Principal;
  readonly origin: string;
}

/** A dataset as the API shows it. */
export interface DatasetView {
  readonly project: string;
  readonly name: string;
  readonly label: string | null;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly baselineRoot: string | null;
  readonly snapshotRoot: string | null;
  readonly snapshotRows: number;
  readonly columns: readonly string[] | null;
  readonly batches: number;
  readonly quarantinedBatches: number;
}

/** The status of a batch's held rows. */
export type BatchStatus = 'accepted' | 'quarantined' | 'released' | 'rejected';

/** A batch as the API shows it. */
export interface BatchView extends BatchEntry {
  readonly status: BatchStatus;
}

/** One held row in the quarantine listing: the cells, and why the scan held it. */
export interface HeldRow {
  /** The row's index in the uploaded batch (0-based, header excluded). */
  readonly index: number;
  readonly suspicion: number;
  readonly flagged: boolean;
  readonly detectors: readonly string[];
  readonly cells: Readonly<Record<string, string>>;
}

/** A quarantined batch with its held rows. */
export interface QuarantinedBatch extends BatchView {
  readonly columns: readonly string[];
  readonly heldRowsDetail: readonly HeldRow[];
}

/** A verified snapshot read back and checked by the vault, with the signed manifest a client verifies it against. */
export interface SnapshotRead {
  readonly root: string;
  readonly signed: SignedManifest;
  readonly bytes: Buffer;
  readonly columns: readonly string[] | null;
}

interface HeldMeta {
  readonly index: number;
  readonly suspicion: number;
  readonly flagged: boolean;
  readonly detectors: readonly string[];
}

/**
 * The ingest pipeline of one server over its vault.
 *
 * @example
 * const pipeline = await IngestPipeline.open(vault);
 * await pipeline.createDataset('fraud', 'train', 'label', admin);
 * await pipeline.seedBaseline('fraud', 'train', readFileSync('verified.csv'), admin);
 * const batch = await pipeline.uploadBatch('fraud', 'train', readFileSync('batch.csv'), contributor);
 * if (batch.quarantineRoot) await pipeline.decide('fraud', 'train', batch.batch, 'release', steward);
 */
export class IngestPipeline {
  readonly catalog = new PipelineCatalog();
  private readonly locks = new KeyedMutex();
  private readonly baselines = new Map<string, Promise<string>>();

  private constructor(readonly vault: Vault) {}

  /** Opens the pipeline over `vault`, replaying its catalog from the ledger. */
  static async open(vault: Vault): Promise<IngestPipeline> {
    const p = new IngestPipeline(vault);
    const head = await vault.store.ledgerHead();
    const pageSize = 5000;
    for (let from = 1; from <= head.seq; from += pageSize) p.catalog.replay(await vault.store.ledger(from, pageSize));
    return p;
  }

  private ctx(actor: Actor): ActionContext {
    return { actor: actor.principal.username, origin: actor.origin };
  }

  private async event(actor: Actor, action: string, target: string, details: Readonly<Record<string, unknown>>): Promise<void> {
    const entry = await this.vault.recordEvent({ ...this.ctx(actor), action, target, result: 'ok', details });
    this.catalog.apply(action, details, entry.at);
  }

  private dataset(project: string, name: string): DatasetEntry {
    const d = this.catalog.datasets.get(vaultDatasetId(project, name));
    if (!d) {
      const known = this.catalog.datasetsOf(project).map((x) => x.name);
      throw new AntidoteError('not_found', `project "${project}" has no dataset "${name}"; datasets: ${known.length > 0 ? known.join(', ') : '(none)'}`);
    }
    return d;
  }

  // ---- projects and datasets ----

  /** The scan policy of a project (`{}`: the defaults by data kind). */
  policy(project: string): DetectionPolicy {
    return this.catalog.policies.get(project) ?? {};
  }

  /** Validates and records a project's scan policy; later uploads are scanned under it. */
  async setPolicy(project: string, raw: unknown, actor: Actor): Promise<DetectionPolicy> {
    checkProjectName(project);
    const policy = parseDetectionPolicy(raw, [...createDetectorRegistry().keys()], 'policy');
    await this.event(actor, CATALOG_ACTIONS.policy, project, { project, policy });
    return policy;
  }

  /** Creates a dataset in a project (its own data key in the vault). */
  async createDataset(project: string, name: string, label: string | null, actor: Actor): Promise<DatasetView> {
    checkProjectName(project);
    if (project === '*') throw invalidInput('datasets belong to one project, not to "*"', { path: ['project'] });
    if (!DATASET_NAME.test(name)) throw invalidInput(`dataset name "${name}" must be 1-63 characters of a-z, 0-9, "_", "-", starting with a letter or digit`, { path: ['name'] });
    if (label !== null && (label.length === 0 || label.length > 256)) throw invalidInput('label must be a column name of 1-256 characters', { path: ['label'] });
    const id = vaultDatasetId(project, name);
    if (this.catalog.datasets.has(id)) throw new AntidoteError('conflict', `project "${project}" already has a dataset "${name}"`);
    await this.vault.createDataset(id, this.ctx(actor));
    await this.event(actor, CATALOG_ACTIONS.dataset, id, { project, dataset: name, label, createdBy: actor.principal.username });
    return this.view(this.dataset(project, name));
  }

  /** The datasets of a project. */
  listDatasets(project: string): DatasetView[] {
    return this.catalog.datasetsOf(project).map((d) => this.view(d));
  }

  /** One dataset. */
  getDataset(project: string, name: string): DatasetView {
    return this.view(this.dataset(project, name));
  }

  private view(d: DatasetEntry): DatasetView {
    const batches = this.catalog.batchesOf(d.project, d.name);
    return {
      project: d.project,
      name: d.name,
      label: d.label,
      createdAt: d.createdAt,
      createdBy: d.createdBy,
      baselineRoot: d.baselineRoot,
      snapshotRoot: d.headRoot,
      snapshotRows: d.headRows,
      columns: d.columns,
      batches: batches.length,
      quarantinedBatches: batches.filter((b) => b.quarantineRoot !== null).length,
    };
  }

  /**
   * Commits already-verified data (CSV) as the dataset's first snapshot and its baseline: every
   * later batch is scanned against it. `conflict` once the dataset has a snapshot.
   */
  async seedBaseline(project: string, name: string, csv: Uint8Array, actor: Actor): Promise<DatasetView> {
    const d = this.dataset(project, name);
    const table = parseCsvTable(csv, 'baseline upload');
    if (d.label !== null && !table.columns.includes(d.label)) throw invalidInput(`the baseline has no label column "${d.label}"; columns: ${table.columns.join(', ')}`, { column: d.label });
    return this.locks.run(d.vaultId, async () => {
      if (d.headRoot !== null) throw new AntidoteError('conflict', `dataset "${name}" already has verified data (snapshot ${d.headRoot}); new data goes through batch uploads`);
      await this.commitSnapshot(d, table.columns, table.rows, actor, 'baseline', null);
      return this.view(d);
    });
  }

  /** Commits `rows` after the current snapshot's rows as the new verified snapshot. Call under the dataset's lock. */
  private async commitSnapshot(d: DatasetEntry, columns: readonly string[], rows: readonly Readonly<Record<string, string>>[], actor: Actor, cause: 'baseline' | 'batch' | 'release', batch: string | null): Promise<string> {
    const previous = d.headRoot === null ? [] : toTextRows(await this.vault.readRows(d.headRoot));
    const order = d.columns ?? columns;
    const all = [...previous, ...rows];
    const v = await this.vault.commitVersion(d.vaultId, { rows: all }, {
      ...this.ctx(actor),
      status: 'verified',
      ...(d.headRoot === null ? {} : { parent: d.headRoot }),
      meta: { kind: 'snapshot', project: d.project, dataset: d.name, columns: order, cause, batch },
    });
    await this.event(actor, CATALOG_ACTIONS.snapshot, v.root, { project: d.project, dataset: d.name, root: v.root, parent: d.headRoot, rows: all.length, columns: order, cause, batch });
    return v.root;
  }

  // ---- batches ----

  /**
   * Scans an uploaded CSV batch under the project's policy against the dataset's baseline (when it
   * has one) and splits it: `accept` commits every row to the snapshot; `quarantine` holds the
   * flagged rows (all rows when none is flagged, because then a batch-wide drift caused it) and
   * commits the rest; `reject` holds every row. Held rows become one quarantined vault version.
   */
  async uploadBatch(project: string, name: string, csv: Uint8Array, actor: Actor): Promise<BatchView & { readonly report: Pick<ScanReport, 'verdict' | 'summary'> }> {
    const d = this.dataset(project, name);
    const table = parseCsvTable(csv, 'batch upload');
    if (d.columns !== null) {
      const missing = d.columns.filter((c) => !table.columns.includes(c));
      const extra = table.columns.filter((c) => !d.columns!.includes(c));
      if (missing.length > 0 || extra.length > 0) {
        throw invalidInput(`the batch's columns differ from dataset "${name}"'s: ${missing.length > 0 ? `missing ${missing.join(', ')}` : ''}${missing.length > 0 && extra.length > 0 ? '; ' : ''}${extra.length > 0 ? `unexpected ${extra.join(', ')}` : ''}`);
      }
    }
    if (d.label !== null && !table.columns.includes(d.label)) throw invalidInput(`the batch has no label column "${d.label}"; columns: ${table.columns.join(', ')}`, { column: d.label });
    const report = await this.scan(d, table);
    const held = heldRowIndices(report);
    const heldSet = new Set(held);
    const accepted = table.rows.filter((_, i) => !heldSet.has(i));
    const batch = `bat_${randomBytes(12).toString('base64url')}`;
    return this.locks.run(d.vaultId, async () => {
      let quarantineRoot: string | null = null;
      if (held.length > 0) {
        const rowsMeta: HeldMeta[] = held.map((i) => {
          const r = report.rows[i];
          return { index: i, suspicion: r?.suspicion ?? 0, flagged: r?.flagged ?? false, detectors: (r?.reasons ?? []).map((x) => x.detector) };
        });
        const v = await this.vault.commitVersion(d.vaultId, { rows: held.map((i) => table.rows[i]!) }, {
          ...this.ctx(actor),
          status: 'quarantined',
          meta: { kind: 'quarantine', project, dataset: name, batch, columns: table.columns, held: rowsMeta },
        });
        quarantineRoot = v.root;
      }
      const acceptedInto = accepted.length > 0 ? await this.commitSnapshot(d, table.columns, accepted, actor, 'batch', batch) : null;
      await this.event(actor, CATALOG_ACTIONS.batch, batch, {
        project, dataset: name, batch, uploadedBy: actor.principal.userId, uploader: actor.principal.username,
        rows: table.rows.length, acceptedRows: accepted.length, heldRows: held.length, quarantineRoot, acceptedInto,
        verdict: report.verdict, reasons: report.summary.reasons,
      });
      const entry = this.catalog.batches.get(batch)!;
      return { ...(await this.batchView(entry)), report: { verdict: report.verdict, summary: report.summary } };
    });
  }

  /** The scan of a batch: input files in a private memory-backed scratch folder, removed right after. */
  private async scan(d: DatasetEntry, table: TextTable): Promise<ScanReport> {
    const policy = this.policy(d.project);
    const baseline = d.baselineRoot === null ? null : await this.baselineJson(d, d.baselineRoot);
    return withScratchDir(async (dir) => {
      const batchPath = join(dir, 'batch.csv');
      writeFileSync(batchPath, tableToCsv({ columns: d.columns ?? table.columns, rows: table.rows }), { mode: 0o600 });
      let baselinePath: string | undefined;
      if (baseline !== null) {
        baselinePath = join(dir, 'baseline.json');
        writeFileSync(baselinePath, baseline, { mode: 0o600 });
      }
      return scanBatch(batchPath, { policy, ...(d.label !== null ? { label: d.label } : {}), ...(baselinePath ? { baselinePath } : {}) });
    });
  }

  /** The baseline profile of a verified version, made once per server process and kept in memory only. */
  private baselineJson(d: DatasetEntry, root: string): Promise<string> {
    const key = `${root}\u0000${JSON.stringify(this.policy(d.project))}`;
    let made = this.baselines.get(key);
    if (!made) {
      made = (async () => {
        const rows = toTextRows(await this.vault.readRows(root));
        return withScratchDir(async (dir) => {
          const path = join(dir, 'verified.csv');
          writeFileSync(path, tableToCsv({ columns: d.columns ?? Object.keys(rows[0] ?? {}), rows }), { mode: 0o600 });
          const b = await makeBaseline(path, { policy: this.policy(d.project), ...(d.label !== null ? { label: d.label } : {}) });
          return serializeBaseline(b);
        });
      })();
      made.catch(() => this.baselines.delete(key));
      this.baselines.set(key, made);
    }
    return made;
  }

  private async batchView(b: BatchEntry): Promise<BatchView> {
    let status: BatchStatus = 'accepted';
    if (b.quarantineRoot !== null) {
      const v = await this.vault.store.version(b.quarantineRoot);
      status = v?.status === 'verified' ? 'released' : v?.status === 'rejected' ? 'rejected' : 'quarantined';
    }
    return { ...b, status };
  }

  /** Every batch of a dataset, oldest first, with its status. */
  async listBatches(project: string, name: string): Promise<BatchView[]> {
    this.dataset(project, name);
    return Promise.all(this.catalog.batchesOf(project, name).map((b) => this.batchView(b)));
  }

  private batch(project: string, name: string, batchId: string): BatchEntry {
    this.dataset(project, name);
    const b = this.catalog.batches.get(batchId);
    if (!b || b.project !== project || b.dataset !== name) throw new AntidoteError('not_found', `dataset "${name}" of project "${project}" has no batch "${batchId}"`);
    return b;
  }

  /** The batches still waiting for a steward, with their held rows decrypted and the scan's reasons. */
  async quarantine(project: string, name: string): Promise<QuarantinedBatch[]> {
    const out: QuarantinedBatch[] = [];
    for (const view of await this.listBatches(project, name)) {
      if (view.status !== 'quarantined' || view.quarantineRoot === null) continue;
      const { signed } = await this.vault.version(view.quarantineRoot);
      const meta = signed.manifest.meta as { columns?: string[]; held?: HeldMeta[] };
      const rows = toTextRows(await this.vault.readRows(view.quarantineRoot));
      const held = meta.held ?? [];
      out.push({ ...view, columns: meta.columns ?? [], heldRowsDetail: rows.map((cells, i) => ({ index: held[i]?.index ?? i, suspicion: held[i]?.suspicion ?? 0, flagged: held[i]?.flagged ?? false, detectors: held[i]?.detectors ?? [], cells })) });
    }
    return out;
  }

  /**
   * A steward's decision on a quarantined batch: `release` adds its held rows to the verified
   * snapshot, `reject` leaves them out for good. The uploader can never decide (four-eyes rule,
   * checked here on the user id and again by the vault on the committer).
   */
  async decide(project: string, name: string, batchId: string, decision: 'release' | 'reject', actor: Actor, reason?: string): Promise<BatchView> {
    const b = this.batch(project, name, batchId);
    const d = this.dataset(project, name);
    if (b.quarantineRoot === null) throw new AntidoteError('conflict', `batch ${batchId} has no quarantined rows: every row was accepted`);
    try {
      assertFourEyes(actor.principal, { batchId, uploadedBy: b.uploadedBy });
    } catch (e) {
      await this.vault.recordEvent({ ...this.ctx(actor), action: 'version.status', target: b.quarantineRoot, result: 'denied', details: { project, dataset: name, batch: batchId, decision, reason: (e as Error).message } });
      throw e;
    }
    const root = b.quarantineRoot;
    return this.locks.run(d.vaultId, async () => {
      const current = await this.batchView(b);
      if (current.status !== 'quarantined') throw new AntidoteError('conflict', `batch ${batchId} was already ${current.status}; a decision is final`);
      await this.vault.releaseVersion(root, decision === 'release' ? 'verified' : 'rejected', { ...this.ctx(actor), ...(reason !== undefined ? { reason } : {}) });
      if (decision === 'release') {
        const { signed } = await this.vault.version(root);
        const columns = ((signed.manifest.meta as { columns?: string[] }).columns) ?? d.columns ?? [];
        await this.commitSnapshot(d, columns, toTextRows(await this.vault.readRows(root)), actor, 'release', batchId);
      }
      return this.batchView(b);
    });
  }

  // ---- snapshots and ledger ----

  /** A verified version of the dataset by its root, read back and verified chunk by chunk by the vault. */
  async snapshot(project: string, name: string, root: string): Promise<SnapshotRead> {
    const d = this.dataset(project, name);
    if (!/^[0-9a-f]{64}$/.test(root)) throw invalidInput(`snapshot root must be 64 lowercase hex characters; got "${root.slice(0, 80)}"`, { path: ['root'] });
    const record = await this.vault.store.version(root);
    if (!record || record.datasetId !== d.vaultId) throw new AntidoteError('not_found', `dataset "${name}" of project "${project}" has no version ${root}`);
    if (record.status !== 'verified') throw new AntidoteError('not_found', `version ${root} is ${record.status}, not verified: only verified snapshots can be read`);
    const read = await this.vault.readVersion(root);
    const columns = (read.signed.manifest.meta as { columns?: string[] }).columns ?? null;
    return { root, signed: read.signed, bytes: read.bytes, columns };
  }

  /** Ledger entries from `fromSeq`, at most `limit`, optionally only those about one project. */
  async ledger(options: { readonly fromSeq: number; readonly limit: number; readonly project?: string }): Promise<{ readonly entries: LedgerEntryRecord[]; readonly nextSeq: number | null }> {
    const head = await this.vault.store.ledgerHead();
    const entries: LedgerEntryRecord[] = [];
    let from = Math.max(1, options.fromSeq);
    while (from <= head.seq && entries.length < options.limit) {
      const page = await this.vault.store.ledger(from, 1000);
      if (page.length === 0) break;
      for (const e of page) {
        if (entries.length >= options.limit) break;
        if (options.project === undefined || belongsTo(e, options.project)) entries.push(e);
        from = e.seq + 1;
      }
    }
    return { entries, nextSeq: from <= head.seq ? from : null };
  }
}

/** Whether a ledger entry is about `project`: it names the project, or a dataset of it. */
export function belongsTo(e: LedgerEntryRecord, project: string): boolean {
  const d = e.details;
  if (d['project'] === project) return true;
  const dataset = typeof d['dataset'] === 'string' ? d['dataset'] : '';
  return dataset.startsWith(`${project}.`) && !dataset.slice(project.length + 1).includes('.');
}

/** The rows of a batch the scan holds back, by the rule documented on {@link IngestPipeline.uploadBatch}. */
export function heldRowIndices(report: Pick<ScanReport, 'verdict' | 'rows'>): number[] {
  const all = report.rows.map((r) => r.index);
  if (report.verdict === 'accept') return [];
  if (report.verdict === 'reject') return all;
  const flagged = report.rows.filter((r) => r.flagged).map((r) => r.index);
  return flagged.length > 0 ? flagged : all;
}
