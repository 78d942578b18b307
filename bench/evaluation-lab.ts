/**
 * The evaluation lab's goals (issue 4, "Evaluation lab"), on subsets so that it runs in well under
 * 20 minutes on 2 shared cores:
 *
 * 1. Fashion-MNIST, BadNets (3x3 white patch, bottom-right, target class 0) poisoning 5% of the
 *    eligible training images: attack success >= 90% without defence, and <= 5% with the best
 *    defence at no more than 1 point of clean-accuracy loss (against the same model trained on
 *    unpoisoned data). Subset: the first 5,000 training and 2,000 test images.
 * 2. SpamAssassin, 30% of the spam training e-mails relabelled ham: the best defence recovers at
 *    least 90% of the accuracy the attack cost. Subset: the whole corpus, split 70/30 (seeded).
 *
 * Every number is a mean over 3 seeds with its 95% t-interval. Needs the data sets
 * (`apt-get install -y dataset-fashion-mnist`; scripts/install-datasets.sh for SpamAssassin).
 *
 *   node --import tsx bench/evaluation-lab.ts [--seeds 3] [--only fashion|spam]
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { createDetectorRegistry } from '../src/detectors/detector-registry.js';
import { disposeMatmulBackends } from '../src/kernels/matmul.js';
import { evaluate, type EvaluateOptions, type EvaluationSummaryRow } from '../src/workflows/evaluate.js';
import type { MeanInterval } from '../src/workflows/evaluate-statistics.js';

const { values } = parseArgs({ options: { seeds: { type: 'string', default: '3' }, only: { type: 'string' } } });
const seeds = Array.from({ length: Number(values.seeds) }, (_, i) => i);
const registry = createDetectorRegistry();
const pct = (m: MeanInterval | null) => (m ? `${(100 * m.mean).toFixed(1)}% [${(100 * m.low).toFixed(1)}, ${(100 * m.high).toFixed(1)}]` : 'n/a');
const load0 = loadavg()[0]!.toFixed(1);
const t0 = performance.now();

async function grid(o: Omit<EvaluateOptions, 'registry' | 'seeds'>): Promise<EvaluationSummaryRow[]> {
  const r = await evaluate({
    ...o,
    seeds,
    registry,
    onCell: (c, done, total) => process.stderr.write(`  [${done}/${total}] ${c.attack} ${c.rate} ${c.defence} seed ${c.seed}: acc ${(100 * c.cleanAccuracy).toFixed(1)}% success ${c.attackSuccess === null ? 'n/a' : `${(100 * c.attackSuccess).toFixed(1)}%`} (${c.seconds}s)\n`),
  });
  for (const s of r.summary) {
    console.log(`${o.dataset} ${s.attack} rate ${s.rate} ${s.defence.padEnd(40)} clean acc ${pct(s.cleanAccuracy)}  attack success ${pct(s.attackSuccess)}  detection P ${pct(s.detectionPrecision)} R ${pct(s.detectionRecall)}  ${s.seconds.mean.toFixed(1)} s`);
  }
  return [...r.summary];
}

if (values.only !== 'spam') {
  const common = { dataset: 'fashion-mnist', limit: 5000, testLimit: 2000, attacks: ['backdoor-patch'] } as const;
  const clean = await grid({ ...common, rates: [0], defences: ['none'] });
  const attacked = await grid({ ...common, rates: [0.05], defences: ['none', 'augment', 'detector:spectral-signatures+sanitize', 'dpa'] });
  const cleanAcc = clean[0]!.cleanAccuracy.mean;
  const none = attacked.find((s) => s.defence === 'none')!;
  const defended = attacked.filter((s) => s.defence !== 'none');
  const best = defended.reduce((a, b) => (b.attackSuccess!.mean < a.attackSuccess!.mean ? b : a));
  const loss = 100 * (cleanAcc - best.cleanAccuracy.mean);
  console.log(`GOAL fashion-mnist BadNets 5%: success without defence ${pct(none.attackSuccess)} (goal >= 90%): ${none.attackSuccess!.mean >= 0.9 ? 'met' : 'NOT met'}`);
  console.log(`GOAL fashion-mnist BadNets 5%: best defence ${best.defence}: success ${pct(best.attackSuccess)} (goal <= 5%), clean accuracy ${pct(best.cleanAccuracy)} vs ${(100 * cleanAcc).toFixed(1)}% unpoisoned, loss ${loss.toFixed(2)} points (goal <= 1): ${best.attackSuccess!.mean <= 0.05 && loss <= 1 ? 'met' : 'NOT met'}`);
}

if (values.only !== 'fashion') {
  const common = { dataset: 'spam-assassin', attacks: ['targeted-flip'], source: 1, target: 0 } as const;
  const clean = await grid({ ...common, rates: [0], defences: ['none'] });
  const attacked = await grid({ ...common, rates: [0.3], defences: ['none', 'trimmed-loss', 'detector:confident-learning+sanitize', 'detector:confident-learning+relabel', 'dpa'] });
  const cleanAcc = clean[0]!.cleanAccuracy.mean;
  const none = attacked.find((s) => s.defence === 'none')!;
  const best = attacked.filter((s) => s.defence !== 'none').reduce((a, b) => (b.cleanAccuracy.mean > a.cleanAccuracy.mean ? b : a));
  const cost = cleanAcc - none.cleanAccuracy.mean;
  const recovered = cost > 0 ? (best.cleanAccuracy.mean - none.cleanAccuracy.mean) / cost : Number.NaN;
  console.log(`GOAL spam-assassin 30% spam->ham: clean ${(100 * cleanAcc).toFixed(2)}%, attacked ${(100 * none.cleanAccuracy.mean).toFixed(2)}% (cost ${(100 * cost).toFixed(2)} points), best defence ${best.defence} ${(100 * best.cleanAccuracy.mean).toFixed(2)}%: recovers ${(100 * recovered).toFixed(0)}% of the cost (goal >= 90%): ${recovered >= 0.9 ? 'met' : 'NOT met'}`);
}

console.log(`wall ${((performance.now() - t0) / 1000).toFixed(0)} s, CPU ${(process.cpuUsage().user / 1e6).toFixed(0)} s user; load average ${load0} at start, ${loadavg()[0]!.toFixed(1)} at end (2 cores shared)`);
await disposeMatmulBackends();
