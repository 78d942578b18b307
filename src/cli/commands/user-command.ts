import { randomBytes } from 'node:crypto';
import { COMMON_OPTIONS, stringOption, type Command, type CommandContext } from '../command.js';
import { UsageError } from '../data-input-flags.js';
import { EXIT } from '../exit-codes.js';
import type { UserSummary } from '../../identity/identity-service.js';
import { openLocalAdmin, type LocalAdmin } from '../../server/local-admin.js';

/** Options every local administration command takes. */
export const LOCAL_ADMIN_OPTIONS = {
  'data-dir': { type: 'string', value: 'DIR', help: 'the server data folder (required)' },
  db: { type: 'string', value: 'URL', help: 'postgres://… when the server runs on PostgreSQL' },
  'master-key-file': { type: 'string', value: 'FILE', help: 'the master key file when not DIR/master.key or ANTIDOTE_MASTER_KEY' },
} as const;

/** Opens the data folder named by the flags, runs `work`, and closes it. */
export async function withLocalAdmin<T>(ctx: CommandContext, work: (admin: LocalAdmin) => Promise<T>): Promise<T> {
  const dataDir = stringOption(ctx, 'data-dir');
  if (!dataDir) throw new UsageError('--data-dir DIR is required');
  const db = stringOption(ctx, 'db');
  const keyFile = stringOption(ctx, 'master-key-file');
  const admin = await openLocalAdmin(dataDir, { ...(db !== undefined ? { db } : {}), ...(keyFile !== undefined ? { masterKeyFile: keyFile } : {}) });
  try {
    return await work(admin);
  } finally {
    await admin.close();
  }
}

function describeUser(u: UserSummary): string {
  const grants = u.grants.map((g) => `${g.role}@${g.project}`).join(', ') || 'no roles';
  return `${u.username}${u.disabled ? ' (disabled)' : ''}${u.lockedUntilMs ? ` (locked until ${new Date(u.lockedUntilMs).toISOString()})` : ''}: ${grants}`;
}

const SUBCOMMANDS = ['create', 'list', 'disable', 'enable', 'passwd'] as const;

/** `antidote user`: local user administration on a data folder. */
export const userCommand: Command = {
  name: 'user',
  summary: 'manage users of a server data folder (create, list, disable, enable, passwd)',
  usage: '<create|list|disable|enable|passwd> [USERNAME] --data-dir DIR',
  description:
    'Runs against the data folder with its owner\'s authority (no server needed; each change is\n' +
    'recorded in the audit ledger with origin "cli"). create and passwd generate a password and\n' +
    'print it once, unless ANTIDOTE_NEW_PASSWORD holds the one to set.',
  options: { ...LOCAL_ADMIN_OPTIONS, ...COMMON_OPTIONS },
  positionals: { min: 1, max: 2, names: ['subcommand', 'username'] },
  examples: ['antidote user create bob --data-dir ./antidote-data', 'antidote user list --data-dir ./antidote-data', 'antidote user disable bob --data-dir ./antidote-data'],
  async run(ctx) {
    const [sub, username] = ctx.positionals;
    if (!(SUBCOMMANDS as readonly string[]).includes(sub!)) throw new UsageError(`unknown subcommand "${sub}"; available: ${SUBCOMMANDS.join(', ')}`);
    if (sub !== 'list' && username === undefined) throw new UsageError(`user ${sub} needs a USERNAME`);
    return withLocalAdmin(ctx, async (admin) => {
      const chosen = process.env['ANTIDOTE_NEW_PASSWORD'];
      const password = chosen !== undefined && chosen !== '' ? chosen : randomBytes(24).toString('base64url');
      const shown = chosen === undefined || chosen === '';
      switch (sub) {
        case 'list': {
          const users = await admin.identity.listUsers();
          if (ctx.json) ctx.printJson(users);
          for (const u of users) ctx.print(describeUser(u));
          return EXIT.ok;
        }
        case 'create': {
          const u = await admin.identity.createUser({ username: username!, password });
          await admin.record('user.create', u.username, { username: u.username });
          if (ctx.json) ctx.printJson({ user: u, ...(shown ? { password } : {}) });
          ctx.print(`created user "${u.username}"`);
          if (shown) ctx.print(`password (shown once): ${password}`);
          return EXIT.ok;
        }
        case 'passwd': {
          const u = await admin.identity.setPassword(username!, password);
          await admin.record('user.passwd', u.username, { username: u.username });
          if (ctx.json) ctx.printJson({ user: u, ...(shown ? { password } : {}) });
          ctx.print(`new password set for "${u.username}"; older sessions ended`);
          if (shown) ctx.print(`password (shown once): ${password}`);
          return EXIT.ok;
        }
        default: {
          const u = sub === 'disable' ? await admin.identity.disableUser(username!) : await admin.identity.enableUser(username!);
          await admin.record(`user.${sub}`, u.username, { username: u.username });
          if (ctx.json) ctx.printJson(u);
          ctx.print(describeUser(u));
          return EXIT.ok;
        }
      }
    });
  },
};
