import { COMMON_OPTIONS, stringOption, type Command } from '../command.js';
import { UsageError } from '../data-input-flags.js';
import { EXIT } from '../exit-codes.js';
import { localMasterKey } from '../../server/local-admin.js';
import { createServer } from '../../server/create-server.js';
import { setUpDemoProject } from '../../server/demo-project.js';

/** `antidote serve`: the HTTPS API server on a data folder. */
export const serveCommand: Command = {
  name: 'serve',
  summary: 'run the HTTPS API server (vault, identities, ingest gate) on a data folder',
  usage: '--data-dir DIR [--port N] [--demo]',
  description:
    'Serves the API over HTTPS only (TLS 1.2 minimum). Without --tls-cert/--tls-key it makes a\n' +
    'self-signed certificate once (DIR/tls/cert.pem; give it to clients with --ca). The first start\n' +
    'creates the user "admin" and prints its one-time password, which must be changed at first login.\n' +
    'The master key comes from --master-key-file, else ANTIDOTE_MASTER_KEY, else DIR/master.key\n' +
    '(created on first start; keep a production key outside the data folder). --demo adds project\n' +
    '"demo" with dataset "breast-cancer": a verified baseline and one batch waiting in quarantine.\n' +
    'Stops on Ctrl-C (SIGINT) or SIGTERM.',
  options: {
    'data-dir': { type: 'string', value: 'DIR', help: 'the data folder (created when missing; required)' },
    port: { type: 'string', value: 'N', help: 'port to listen on (default 8443; 0 picks a free one)' },
    host: { type: 'string', value: 'ADDR', help: 'address to listen on (default 127.0.0.1)' },
    demo: { type: 'boolean', help: 'create the demo project (once)' },
    db: { type: 'string', value: 'URL', help: 'postgres://… for metadata, ledger and identities in PostgreSQL' },
    'tls-cert': { type: 'string', value: 'FILE', help: 'PEM certificate (with --tls-key) instead of the self-signed one' },
    'tls-key': { type: 'string', value: 'FILE', help: 'PEM private key of --tls-cert' },
    'client-ca': { type: 'string', value: 'FILE', help: 'require client certificates signed by this CA (mutual TLS)' },
    'master-key-file': { type: 'string', value: 'FILE', help: 'file holding the 32-byte master key (hex or base64)' },
    ...COMMON_OPTIONS,
  },
  positionals: { min: 0, max: 0, names: [] },
  examples: ['antidote serve --data-dir ./antidote-data --demo', 'antidote serve --data-dir /srv/antidote --port 443 --host 0.0.0.0 --tls-cert cert.pem --tls-key key.pem'],
  async run(ctx) {
    const dataDir = stringOption(ctx, 'data-dir');
    if (!dataDir) throw new UsageError('--data-dir DIR is required');
    const portText = stringOption(ctx, 'port') ?? '8443';
    const port = Number(portText);
    if (!/^\d+$/.test(portText) || port > 65535) throw new UsageError(`--port must be an integer from 0 to 65535; got "${portText}"`);
    const cert = stringOption(ctx, 'tls-cert');
    const key = stringOption(ctx, 'tls-key');
    if ((cert === undefined) !== (key === undefined)) throw new UsageError('--tls-cert and --tls-key go together');
    const clientCa = stringOption(ctx, 'client-ca');
    if (clientCa !== undefined && cert === undefined) throw new UsageError('--client-ca needs your own --tls-cert and --tls-key');
    const db = stringOption(ctx, 'db');
    const keyFile = stringOption(ctx, 'master-key-file');
    const host = stringOption(ctx, 'host');
    const server = await createServer({
      dataDir,
      port,
      tls: cert !== undefined && key !== undefined ? { certPath: cert, keyPath: key, ...(clientCa !== undefined ? { clientCaPath: clientCa } : {}) } : 'self-signed',
      ...(host !== undefined ? { host } : {}),
      ...(db !== undefined ? { db } : {}),
      ...(keyFile !== undefined ? { masterKey: localMasterKey(dataDir, keyFile) } : {}),
    });
    let stopping: Promise<void> | undefined;
    const stop = () => (stopping ??= server.close());
    try {
      const demo = ctx.values['demo'] === true ? await setUpDemoProject(server) : null;
      const url = await server.listen();
      const facts = {
        url,
        docs: `${url}/docs`,
        certificate: server.certPath,
        fingerprint: server.fingerprint,
        masterKey: server.masterKeySource,
        admin: server.firstAdmin.created ? { username: server.firstAdmin.username, oneTimePassword: server.firstAdmin.secret } : null,
        demo,
      };
      if (ctx.json) ctx.printJson(facts);
      ctx.print(`Antidote API on ${url}  (docs: ${url}/docs)`);
      ctx.print(`TLS certificate ${server.certPath}  SHA-256 ${server.fingerprint}`);
      ctx.print(`master key: ${server.masterKeySource}`);
      if (server.firstAdmin.created) {
        ctx.print('');
        ctx.print(`First start: user "${server.firstAdmin.username}" was created. One-time password (shown only now; change it at first login):`);
        ctx.print(`  ${server.firstAdmin.secret}`);
      }
      if (demo?.created) {
        ctx.print('');
        ctx.print(`Demo: project "${demo.project}", dataset "${demo.dataset}": verified baseline committed; batch ${demo.batch} has ${demo.heldRows} rows in quarantine.`);
        ctx.print(`  review it: antidote review list --server ${url} --project demo --dataset breast-cancer --ca ${server.certPath} --token <token>`);
      }
      // Listen for the signals before saying how to stop: a client that sends SIGTERM as soon as it
      // reads that line must not find the default handler (which kills without closing the vault).
      const stopped = new Promise<void>((resolve) => {
        const onSignal = () => {
          process.off('SIGINT', onSignal);
          process.off('SIGTERM', onSignal);
          resolve();
        };
        process.on('SIGINT', onSignal);
        process.on('SIGTERM', onSignal);
      });
      ctx.print('Ctrl-C stops the server.');
      await stopped;
      ctx.note('stopping…');
      return EXIT.ok;
    } finally {
      await stop();
    }
  },
};
