import { readFileSync } from 'node:fs';
import { COMMON_OPTIONS, stringOption, type CommandContext, type Command } from '../command.js';
import { UsageError } from '../data-input-flags.js';
import { EXIT } from '../exit-codes.js';
import { AntidoteError } from '../../core/errors.js';
import { AntidoteClient } from '../../server/client/antidote-client.js';

/** Flags of the commands that talk to a running server. */
export const CLIENT_OPTIONS = {
  server: { type: 'string', value: 'URL', help: 'the server, https://host:port (required)' },
  project: { type: 'string', value: 'P', help: 'the project (required)' },
  dataset: { type: 'string', value: 'D', help: 'the dataset (required)' },
  token: { type: 'string', value: 'T', help: 'API or session token (default: ANTIDOTE_TOKEN)' },
  ca: { type: 'string', value: 'FILE', help: "trust this PEM certificate (the server's self-signed DIR/tls/cert.pem)" },
  insecure: { type: 'boolean', help: 'do not verify the server certificate (local testing only)' },
} as const;

/** The client, project and dataset named by the flags. */
export function clientFromFlags(ctx: CommandContext, extra: { readonly vaultPublicKey?: string } = {}): { client: AntidoteClient; project: string; dataset: string } {
  const server = stringOption(ctx, 'server');
  const project = stringOption(ctx, 'project');
  const dataset = stringOption(ctx, 'dataset');
  if (!server || !project || !dataset) throw new UsageError('--server URL, --project P and --dataset D are required');
  const token = stringOption(ctx, 'token') ?? process.env['ANTIDOTE_TOKEN'];
  if (!token) throw new UsageError('no credentials: pass --token T or set ANTIDOTE_TOKEN (antidote token create makes one)');
  const caFile = stringOption(ctx, 'ca');
  let ca: Buffer | undefined;
  if (caFile !== undefined) {
    try {
      ca = readFileSync(caFile);
    } catch (e) {
      throw new AntidoteError('invalid_input', `cannot read --ca "${caFile}": ${(e as Error).message}`, { file: caFile });
    }
  }
  const client = new AntidoteClient({ baseUrl: server, token, ...(ca ? { ca } : {}), insecure: ctx.values['insecure'] === true, ...(extra.vaultPublicKey !== undefined ? { vaultPublicKey: extra.vaultPublicKey } : {}) });
  return { client, project, dataset };
}

/** `antidote push`: uploads a batch to a server's ingest gate. */
export const pushCommand: Command = {
  name: 'push',
  summary: 'upload a CSV batch to a server: scanned, accepted rows committed, suspicious rows quarantined',
  usage: '<file> --server URL --project P --dataset D [--token T] [--ca FILE | --insecure]',
  description:
    "Sends the file to the server, which scans it under the project's policy against the dataset's\n" +
    'baseline. Exit 0 when every row was accepted, 3 when rows are held in quarantine for a steward.',
  options: { ...CLIENT_OPTIONS, ...COMMON_OPTIONS },
  positionals: { min: 1, max: 1, names: ['file'] },
  examples: ['antidote push batch.csv --server https://localhost:8443 --project demo --dataset breast-cancer --ca antidote-data/tls/cert.pem'],
  async run(ctx) {
    const file = ctx.positionals[0]!;
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch (e) {
      throw new AntidoteError('invalid_input', `cannot read "${file}": ${(e as Error).message}`, { file });
    }
    const { client, project, dataset } = clientFromFlags(ctx);
    try {
      const b = await client.pushBatch(project, dataset, bytes);
      if (ctx.json) ctx.printJson(b);
      ctx.print(`batch ${b.batch}: ${b.rows} rows, verdict ${b.report.verdict}; ${b.acceptedRows} accepted${b.acceptedInto ? ` (snapshot ${b.acceptedInto})` : ''}, ${b.heldRows} held in quarantine`);
      for (const r of b.reasons) ctx.print(`  - ${r}`);
      return b.heldRows > 0 ? EXIT.notAccepted : EXIT.ok;
    } finally {
      client.close();
    }
  },
};
