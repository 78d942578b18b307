import { describe, expect, it } from 'vitest';
import { isAntidoteError } from '../core/errors.js';
import { SPAM_ASSASSIN_CLASSES, spamAssassinDataset, type SpamAssassinRecord } from './spam-assassin.js';

describe('spamAssassinDataset', () => {
  const records: SpamAssassinRecord[] = [
    { group: 'easy-ham-1', text: 'From: a@example.com\n\nLunch at noon?' },
    { group: 'spam-1', text: 'From: b@example.com\n\nBUY NOW' },
    { group: 'hard-ham-1', text: 'Your invoice' },
    { group: 'spam-2', text: '' },
    { group: 'easy-ham-2', text: 'Re: meeting' },
  ];

  it('gives a text column and a ham/spam label, spam when the group starts with "spam"', () => {
    const ds = spamAssassinDataset(records);
    expect(ds.rowCount).toBe(5);
    expect(ds.columns.map((c) => [c.name, c.kind])).toEqual([
      ['text', 'text'],
      ['label', 'categorical'],
    ]);
    const [text, label] = ds.columns;
    if (text?.kind !== 'text' || label?.kind !== 'categorical') throw new Error('wrong kinds');
    expect(text.values).toEqual(records.map((r) => r.text));
    expect(label.categories).toEqual([...SPAM_ASSASSIN_CLASSES]);
    expect(Array.from(label.codes)).toEqual([0, 1, 0, 1, 0]);
  });

  it('accepts no records', () => {
    const ds = spamAssassinDataset([]);
    expect(ds.rowCount).toBe(0);
    expect(ds.columns).toHaveLength(2);
  });

  it('rejects a record without a string group or text, naming it', () => {
    const bad = [records[0]!, { group: 3, text: 'x' }] as unknown as SpamAssassinRecord[];
    expect(() => spamAssassinDataset(bad)).toThrow(/record 1 has no string "group"/);
    try {
      spamAssassinDataset([{ group: 'spam-1' }] as unknown as SpamAssassinRecord[]);
      expect.unreachable();
    } catch (e) {
      expect(isAntidoteError(e, 'invalid_input')).toBe(true);
    }
  });
});
