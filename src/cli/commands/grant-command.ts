import { COMMON_OPTIONS, stringOption, type Command } from '../command.js';
import { UsageError } from '../data-input-flags.js';
import { EXIT } from '../exit-codes.js';
import { isRole, ROLES } from '../../identity/roles.js';
import { LOCAL_ADMIN_OPTIONS, withLocalAdmin } from './user-command.js';

/** `antidote grant`: role grants per project on a data folder. */
export const grantCommand: Command = {
  name: 'grant',
  summary: 'grant, revoke and list roles per project on a server data folder',
  usage: '<add|revoke|list> [USERNAME ROLE] --project P --data-dir DIR',
  description:
    `Roles: ${ROLES.join(', ')}. --project "*" grants the role on every project (the only way to hold\n` +
    'system-wide powers such as user management). Each change is recorded in the audit ledger.',
  options: {
    project: { type: 'string', value: 'P', help: 'the project ("*" for every project); required for add and revoke' },
    user: { type: 'string', value: 'U', help: 'list: only this user\'s grants' },
    ...LOCAL_ADMIN_OPTIONS,
    ...COMMON_OPTIONS,
  },
  positionals: { min: 1, max: 3, names: ['subcommand', 'username', 'role'] },
  examples: ['antidote grant add carol steward --project clinic --data-dir ./antidote-data', 'antidote grant list --project clinic --data-dir ./antidote-data'],
  async run(ctx) {
    const [sub, username, role] = ctx.positionals;
    const project = stringOption(ctx, 'project');
    if (sub !== 'add' && sub !== 'revoke' && sub !== 'list') throw new UsageError(`unknown subcommand "${sub}"; available: add, revoke, list`);
    return withLocalAdmin(ctx, async (admin) => {
      if (sub === 'list') {
        const user = stringOption(ctx, 'user');
        const grants = await admin.identity.listGrants({ ...(user !== undefined ? { username: user } : {}), ...(project !== undefined ? { project } : {}) });
        if (ctx.json) ctx.printJson(grants);
        for (const g of grants) ctx.print(`${g.username}  ${g.role}  ${g.project}`);
        return EXIT.ok;
      }
      if (username === undefined || role === undefined) throw new UsageError(`grant ${sub} needs USERNAME and ROLE`);
      if (!isRole(role)) throw new UsageError(`unknown role "${role}"; available: ${ROLES.join(', ')}`);
      if (project === undefined) throw new UsageError(`grant ${sub} needs --project P ("*" for every project)`);
      if (sub === 'add') {
        const r = await admin.identity.grantRole({ username, project, role });
        await admin.record('grant.add', username, { username, project, role, created: r.created });
        if (ctx.json) ctx.printJson(r);
        ctx.print(r.created ? `granted ${role} in ${project} to ${username}` : `${username} already holds ${role} in ${project}`);
      } else {
        const revoked = await admin.identity.revokeRole({ username, project, role });
        await admin.record('grant.revoke', username, { username, project, role, revoked });
        if (ctx.json) ctx.printJson({ revoked });
        ctx.print(revoked ? `revoked ${role} in ${project} from ${username}` : `${username} did not hold ${role} in ${project}`);
      }
      return EXIT.ok;
    });
  },
};
