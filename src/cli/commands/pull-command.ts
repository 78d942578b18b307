import { writeFileSync } from 'node:fs';
import { COMMON_OPTIONS, stringOption, type Command } from '../command.js';
import { UsageError } from '../data-input-flags.js';
import { EXIT } from '../exit-codes.js';
import { tableToCsv, toTextRows } from '../../server/csv-rows.js';
import { parseRows } from '../../vault/chunking.js';
import { CLIENT_OPTIONS, clientFromFlags } from './push-command.js';

/** `antidote pull`: fetches a verified snapshot by its root hash and verifies it before writing. */
export const pullCommand: Command = {
  name: 'pull',
  summary: 'download a verified snapshot by its root hash, verified on read (signature, chunks, Merkle root)',
  usage: '<root> --out FILE --server URL --project P --dataset D [--token T] [--ca FILE | --insecure]',
  description:
    "Fetches the snapshot's signed manifest and rows, checks the Ed25519 signature under the vault's key\n" +
    '(--public-key pins it; otherwise the server is asked), every chunk hash and the Merkle root, and\n' +
    'only then writes FILE: CSV (the original column order) when it ends in .csv, else JSON Lines as\n' +
    'stored. Nothing is written when verification fails.',
  options: {
    ...CLIENT_OPTIONS,
    out: { type: 'string', short: 'o', value: 'FILE', help: 'where to write the snapshot (required)' },
    'public-key': { type: 'string', value: 'KEY', help: "the vault's Ed25519 public key (base64url) to verify with" },
    ...COMMON_OPTIONS,
  },
  positionals: { min: 1, max: 1, names: ['root'] },
  examples: ['antidote pull 3f2a… --out train.csv --server https://localhost:8443 --project demo --dataset breast-cancer --ca antidote-data/tls/cert.pem'],
  async run(ctx) {
    const root = ctx.positionals[0]!;
    if (!/^[0-9a-f]{64}$/.test(root)) throw new UsageError(`<root> must be 64 lowercase hex characters; got "${root}"`);
    const out = stringOption(ctx, 'out');
    if (!out) throw new UsageError('--out FILE is required');
    const pinned = stringOption(ctx, 'public-key');
    const { client, project, dataset } = clientFromFlags(ctx, pinned !== undefined ? { vaultPublicKey: pinned } : {});
    try {
      const snap = await client.pullSnapshot(project, dataset, root);
      const rows = parseRows(snap.bytes);
      if (out.toLowerCase().endsWith('.csv')) writeFileSync(out, tableToCsv({ columns: snap.columns ?? Object.keys(rows[0] ?? {}), rows: toTextRows(rows) }));
      else writeFileSync(out, snap.bytes);
      if (ctx.json) ctx.printJson({ root, rows: rows.length, out, signer: snap.signed.manifest.signer, verified: true });
      ctx.print(`verified snapshot ${root}: ${rows.length} rows, ${snap.signed.manifest.chunks.length} chunks, signed by ${snap.signed.manifest.signer}; written to ${out}`);
      return EXIT.ok;
    } finally {
      client.close();
    }
  },
};
