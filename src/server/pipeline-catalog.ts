/**
 * What the ingest pipeline knows besides the vault's own records — projects' scan policies,
 * datasets' label columns and baselines, batches and the current snapshot of each dataset — kept
 * as events in the vault's audit ledger (so it is tamper-evident like everything else) and replayed
 * into memory when the server starts.
 */
import type { LedgerEntryRecord } from '../storage/vault-records.js';
import type { DetectionPolicy } from '../workflows/detection-policy.js';

/** Ledger actions the catalog writes and replays. */
export const CATALOG_ACTIONS = {
  policy: 'project.policy',
  dataset: 'dataset.settings',
  snapshot: 'dataset.snapshot',
  batch: 'batch.upload',
} as const;

/** A dataset as the pipeline sees it. */
export interface DatasetEntry {
  readonly project: string;
  readonly name: string;
  /** The vault's dataset id: `project.name`. */
  readonly vaultId: string;
  /** The label column handed to the scan, or null. */
  readonly label: string | null;
  readonly createdAt: string;
  readonly createdBy: string;
  /** The verified version batches are scanned against (set once, by the baseline upload). */
  baselineRoot: string | null;
  /** The newest verified snapshot: every verified row of the dataset. */
  headRoot: string | null;
  headRows: number;
  columns: readonly string[] | null;
}

/** How an uploaded batch was split by its scan. */
export interface BatchEntry {
  readonly batch: string;
  readonly project: string;
  readonly dataset: string;
  readonly uploadedBy: string;
  readonly uploader: string;
  readonly uploadedAt: string;
  readonly rows: number;
  readonly acceptedRows: number;
  readonly heldRows: number;
  /** The quarantined version holding the held rows, or null when every row was accepted. */
  readonly quarantineRoot: string | null;
  /** The snapshot the accepted rows went into, or null. */
  readonly acceptedInto: string | null;
  readonly verdict: string;
  readonly reasons: readonly string[];
}

/** The vault dataset id of `name` in `project`: dataset names have no dots, so the last dot splits them. */
export function vaultDatasetId(project: string, name: string): string {
  return `${project}.${name}`;
}

/** The in-memory catalog, rebuilt from the ledger. */
export class PipelineCatalog {
  readonly policies = new Map<string, DetectionPolicy>();
  readonly datasets = new Map<string, DatasetEntry>();
  readonly batches = new Map<string, BatchEntry>();

  /** Applies every catalog event of `entries`, in order; other entries are ignored. */
  replay(entries: readonly LedgerEntryRecord[]): void {
    for (const e of entries) if (e.result === 'ok') this.apply(e.action, e.details, e.at);
  }

  /** Applies one catalog event (also called right after the server writes one). */
  apply(action: string, d: Readonly<Record<string, unknown>>, at: string): void {
    const s = (k: string): string => (typeof d[k] === 'string' ? (d[k] as string) : '');
    const n = (k: string): number => (typeof d[k] === 'number' ? (d[k] as number) : 0);
    const nullable = (k: string): string | null => (typeof d[k] === 'string' ? (d[k] as string) : null);
    switch (action) {
      case CATALOG_ACTIONS.policy:
        this.policies.set(s('project'), (d['policy'] ?? {}) as DetectionPolicy);
        break;
      case CATALOG_ACTIONS.dataset: {
        const id = vaultDatasetId(s('project'), s('dataset'));
        this.datasets.set(id, { project: s('project'), name: s('dataset'), vaultId: id, label: nullable('label'), createdAt: at, createdBy: s('createdBy'), baselineRoot: null, headRoot: null, headRows: 0, columns: null });
        break;
      }
      case CATALOG_ACTIONS.snapshot: {
        const ds = this.datasets.get(vaultDatasetId(s('project'), s('dataset')));
        if (!ds) break;
        ds.headRoot = s('root');
        ds.headRows = n('rows');
        ds.columns = Array.isArray(d['columns']) ? (d['columns'] as string[]) : ds.columns;
        if (d['cause'] === 'baseline') ds.baselineRoot = s('root');
        break;
      }
      case CATALOG_ACTIONS.batch:
        this.batches.set(s('batch'), {
          batch: s('batch'),
          project: s('project'),
          dataset: s('dataset'),
          uploadedBy: s('uploadedBy'),
          uploader: s('uploader'),
          uploadedAt: at,
          rows: n('rows'),
          acceptedRows: n('acceptedRows'),
          heldRows: n('heldRows'),
          quarantineRoot: nullable('quarantineRoot'),
          acceptedInto: nullable('acceptedInto'),
          verdict: s('verdict'),
          reasons: Array.isArray(d['reasons']) ? (d['reasons'] as string[]) : [],
        });
        break;
    }
  }

  /** The datasets of one project, by name. */
  datasetsOf(project: string): DatasetEntry[] {
    return [...this.datasets.values()].filter((d) => d.project === project).sort((a, b) => a.name.localeCompare(b.name));
  }

  /** The batches of one dataset, oldest first. */
  batchesOf(project: string, dataset: string): BatchEntry[] {
    return [...this.batches.values()].filter((b) => b.project === project && b.dataset === dataset);
  }
}
