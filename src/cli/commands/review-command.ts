import { COMMON_OPTIONS, stringOption, type Command } from '../command.js';
import { UsageError } from '../data-input-flags.js';
import { EXIT } from '../exit-codes.js';
import { CLIENT_OPTIONS, clientFromFlags } from './push-command.js';

/** `antidote review`: the steward's quarantine work against a server. */
export const reviewCommand: Command = {
  name: 'review',
  summary: 'list quarantined batches, release or reject one (steward; never your own upload)',
  usage: '<list|release|reject> [BATCH] --server URL --project P --dataset D [--token T] [--reason TEXT]',
  description:
    'list shows each batch waiting in quarantine with its held rows, suspicion and the detectors that\n' +
    'flagged them (--rows N rows each, default 5). release adds the held rows to the verified snapshot;\n' +
    'reject leaves them out for good. The uploader of a batch can never decide on it (four-eyes).',
  options: {
    ...CLIENT_OPTIONS,
    reason: { type: 'string', value: 'TEXT', help: 'why (recorded in the audit ledger)' },
    rows: { type: 'string', value: 'N', help: 'list: held rows shown per batch (default 5)' },
    ...COMMON_OPTIONS,
  },
  positionals: { min: 1, max: 2, names: ['subcommand', 'batch'] },
  examples: ['antidote review list --server https://localhost:8443 --project demo --dataset breast-cancer --ca antidote-data/tls/cert.pem', 'antidote review release bat_… --reason "checked with the lab" --server … --project demo --dataset breast-cancer'],
  async run(ctx) {
    const [sub, batch] = ctx.positionals;
    if (sub !== 'list' && sub !== 'release' && sub !== 'reject') throw new UsageError(`unknown subcommand "${sub}"; available: list, release, reject`);
    if (sub !== 'list' && batch === undefined) throw new UsageError(`review ${sub} needs the BATCH id (see review list)`);
    const shownText = stringOption(ctx, 'rows') ?? '5';
    const shown = Number(shownText);
    if (!Number.isInteger(shown) || shown < 0) throw new UsageError(`--rows must be a non-negative integer; got "${shownText}"`);
    const { client, project, dataset } = clientFromFlags(ctx);
    try {
      if (sub === 'list') {
        const batches = await client.listQuarantine(project, dataset);
        if (ctx.json) ctx.printJson(batches);
        if (batches.length === 0) ctx.print('nothing in quarantine');
        for (const b of batches) {
          ctx.print(`${b.batch}  uploaded by ${b.uploader} at ${b.uploadedAt}: ${b.heldRows} of ${b.rows} rows held (verdict ${b.verdict})`);
          for (const r of b.reasons) ctx.print(`  - ${r}`);
          const top = [...b.heldRowsDetail].sort((x, y) => y.suspicion - x.suspicion).slice(0, shown);
          for (const r of top) ctx.print(`    row ${r.index}: suspicion ${r.suspicion.toFixed(3)}${r.flagged ? ' flagged' : ''}${r.detectors.length ? ` by ${r.detectors.join(', ')}` : ''}`);
        }
        return EXIT.ok;
      }
      const reason = stringOption(ctx, 'reason');
      const b = await client.decide(project, dataset, batch!, sub, reason);
      if (ctx.json) ctx.printJson(b);
      ctx.print(`batch ${b.batch}: ${b.status}`);
      return EXIT.ok;
    } finally {
      client.close();
    }
  },
};
