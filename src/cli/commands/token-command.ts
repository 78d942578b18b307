import { COMMON_OPTIONS, stringOption, type Command } from '../command.js';
import { UsageError } from '../data-input-flags.js';
import { EXIT } from '../exit-codes.js';
import { isRole, ROLES } from '../../identity/roles.js';
import { LOCAL_ADMIN_OPTIONS, withLocalAdmin } from './user-command.js';

const DAY_MS = 86_400_000;

/** `antidote token`: API tokens on a data folder. */
export const tokenCommand: Command = {
  name: 'token',
  summary: 'create, list and revoke API tokens on a server data folder',
  usage: '<create|list|revoke> [TOKEN_ID] --data-dir DIR',
  description:
    'A token carries one role its owner holds in one project, expires (default 90 days, at most 365),\n' +
    'and is shown once: the data folder keeps only its SHA-256. Machine clients send it as\n' +
    '"Authorization: Bearer adt_…" (antidote push/review/pull --token).',
  options: {
    user: { type: 'string', value: 'U', help: 'the token\'s owner (create; filter for list)' },
    project: { type: 'string', value: 'P', help: 'the project the token acts in (create)' },
    role: { type: 'string', value: 'ROLE', help: `the role it carries (create): ${ROLES.join(', ')}` },
    name: { type: 'string', value: 'TEXT', help: 'what the token is for (create; default "cli")' },
    'ttl-days': { type: 'string', value: 'D', help: 'lifetime in days (create; default 90)' },
    ...LOCAL_ADMIN_OPTIONS,
    ...COMMON_OPTIONS,
  },
  positionals: { min: 1, max: 2, names: ['subcommand', 'token-id'] },
  examples: ['antidote token create --user ci --project clinic --role contributor --name nightly --data-dir ./antidote-data', 'antidote token revoke tok_… --data-dir ./antidote-data'],
  async run(ctx) {
    const [sub, id] = ctx.positionals;
    if (sub !== 'create' && sub !== 'list' && sub !== 'revoke') throw new UsageError(`unknown subcommand "${sub}"; available: create, list, revoke`);
    return withLocalAdmin(ctx, async (admin) => {
      if (sub === 'list') {
        const user = stringOption(ctx, 'user');
        const tokens = await admin.identity.listTokens(user !== undefined ? { username: user } : {});
        if (ctx.json) ctx.printJson(tokens);
        for (const t of tokens) ctx.print(`${t.id}  ${t.status}  ${t.username}  ${t.role}@${t.project}  "${t.name}"  expires ${new Date(t.expiresAtMs).toISOString()}`);
        return EXIT.ok;
      }
      if (sub === 'revoke') {
        if (id === undefined) throw new UsageError('token revoke needs the TOKEN_ID (see token list)');
        const t = await admin.identity.revokeToken(id);
        await admin.record('token.revoke', t.id, { tokenId: t.id, username: t.username });
        if (ctx.json) ctx.printJson(t);
        ctx.print(`revoked ${t.id} of ${t.username}`);
        return EXIT.ok;
      }
      const user = stringOption(ctx, 'user');
      const project = stringOption(ctx, 'project');
      const role = stringOption(ctx, 'role');
      if (user === undefined || project === undefined || role === undefined) throw new UsageError('token create needs --user, --project and --role');
      if (!isRole(role)) throw new UsageError(`unknown role "${role}"; available: ${ROLES.join(', ')}`);
      const ttlText = stringOption(ctx, 'ttl-days');
      const ttlDays = ttlText === undefined ? undefined : Number(ttlText);
      if (ttlDays !== undefined && !(Number.isFinite(ttlDays) && ttlDays > 0)) throw new UsageError(`--ttl-days must be a positive number; got "${ttlText}"`);
      const created = await admin.identity.createToken({ username: user, project, role, name: stringOption(ctx, 'name') ?? 'cli', ...(ttlDays !== undefined ? { ttlMs: Math.round(ttlDays * DAY_MS) } : {}) });
      await admin.record('token.create', created.summary.id, { tokenId: created.summary.id, username: user, project, role });
      if (ctx.json) ctx.printJson(created);
      ctx.print(`token ${created.summary.id} for ${user} (${role}@${project}), expires ${new Date(created.summary.expiresAtMs).toISOString()}`);
      ctx.print(`token (shown once): ${created.token}`);
      return EXIT.ok;
    });
  },
};
