import { readFileSync } from 'node:fs';
import { COMMON_OPTIONS, stringOption, type Command } from '../command.js';
import { UsageError } from '../data-input-flags.js';
import { EXIT } from '../exit-codes.js';
import { AntidoteError } from '../../core/errors.js';
import { loadMasterKey } from '../../crypto/master-key.js';
import type { CheckpointExport } from '../../vault/audit-ledger.js';
import { verifyDataFolder } from '../../vault/verify-data-folder.js';

/** `antidote verify`: checks a data folder offline and names whatever was altered. */
export const verifyCommand: Command = {
  name: 'verify',
  summary: 'check a server data folder offline: ledger, checkpoints, manifests, chunks, blob files',
  usage: '--data-dir DIR [--db URL] [--checkpoints FILE] [--master-key-file FILE]',
  description:
    'Verifies, without a running server, that nothing in the data folder was changed behind the\n' +
    "vault's back: the hash-chained ledger and its signed checkpoints, every dataset, data key and\n" +
    'version against what the ledger recorded, every manifest (database and file) against its\n' +
    'signature and Merkle root, every chunk and blob file. With --master-key-file it also decrypts\n' +
    'every chunk and checks its hash; with --checkpoints, checkpoints exported earlier must still hold.\n' +
    'Exit code 0 when intact, 3 when something was altered (each finding is printed), 1 on bad input.',
  options: {
    'data-dir': { type: 'string', value: 'DIR', help: 'the data folder (required)' },
    db: { type: 'string', value: 'URL', help: 'postgres://… when the metadata is in PostgreSQL' },
    checkpoints: { type: 'string', value: 'FILE', help: 'checkpoints exported earlier (GET /v1/ledger/checkpoints)' },
    'master-key-file': { type: 'string', value: 'FILE', help: 'also decrypt and check every chunk' },
    ...COMMON_OPTIONS,
  },
  positionals: { min: 0, max: 0, names: [] },
  examples: ['antidote verify --data-dir ./antidote-data', 'antidote verify --data-dir /srv/antidote --checkpoints checkpoints.json --json'],
  async run(ctx) {
    const dataDir = stringOption(ctx, 'data-dir');
    if (!dataDir) throw new UsageError('--data-dir DIR is required');
    const db = stringOption(ctx, 'db');
    const cpFile = stringOption(ctx, 'checkpoints');
    const keyFile = stringOption(ctx, 'master-key-file');
    let exportedCheckpoints: CheckpointExport | undefined;
    if (cpFile !== undefined) {
      try {
        exportedCheckpoints = JSON.parse(readFileSync(cpFile, 'utf8')) as CheckpointExport;
      } catch (e) {
        throw new AntidoteError('invalid_input', `cannot read checkpoints "${cpFile}": ${(e as Error).message}`, { file: cpFile });
      }
      if (exportedCheckpoints?.format !== 'antidote.checkpoints/1') throw new AntidoteError('invalid_input', `"${cpFile}" is not an antidote.checkpoints/1 export`, { file: cpFile });
    }
    const report = await verifyDataFolder(dataDir, {
      ...(db !== undefined ? { db } : {}),
      ...(exportedCheckpoints ? { exportedCheckpoints } : {}),
      ...(keyFile !== undefined ? { masterKey: loadMasterKey({ keyFile }) } : {}),
    });
    if (ctx.json) ctx.printJson(report);
    const c = report.checked;
    ctx.print(`checked ${c.ledgerEntries} ledger entries, ${c.checkpoints} checkpoints, ${c.datasets} datasets, ${c.versions} versions, ${c.chunks} chunks`);
    for (const p of report.problems) ctx.print(`ALTERED ${p.subject} ${p.id}: ${p.problem}`);
    for (const n of report.notes) ctx.print(`note: ${n.subject} ${n.id}: ${n.problem}`);
    ctx.print(report.ok ? 'intact' : `${report.problems.length} problem(s): the data folder was altered`);
    return report.ok ? EXIT.ok : EXIT.notAccepted;
  },
};
