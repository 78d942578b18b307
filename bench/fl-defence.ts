/**
 * Federated defence quality (issue 6, "Server, client, simulation"): with 20% Byzantine clients
 * under each attack, does the best configured aggregation rule keep the final test accuracy within
 * 3 points of the attack-free run? Runs every attack (none, sign-flip, scaling backdoor, Gaussian
 * noise, ALIE, IPM, label flip) against every rule (FedAvg, coordinate median, trimmed mean, Krum,
 * Multi-Krum, Bulyan, geometric median, centered clipping, norm clipping, FLTrust), each rule as
 * its own simulation from the same seed, and prints a Markdown table of final accuracies, the
 * attack success of the targeted attacks, and for each attack the best rule and the rules it
 * defeats (final accuracy more than 3 points below the same rule's attack-free run, or backdoor
 * success above 50%).
 *
 * Defaults, chosen to finish in about 12 minutes of wall time on 2 shared cores: 20 clients
 * (4 Byzantine), all clients every round, 20 rounds, IID split of the first 4,100 training
 * images (100 held back as FLTrust's root set, about 200 per client), softmax regression
 * (784 → 10, 7,850 parameters), one local epoch of SGD (batch 32, rate 0.3), the first 5,000 test
 * images. There is no Python peer to time against: this bench measures quality, not speed.
 *
 * Needs the data set: `apt-get install -y dataset-fashion-mnist`.
 *
 *   node --import tsx bench/fl-defence.ts [--rounds 20] [--clients 20] [--byzantine 4]
 *       [--limit 4100] [--test-limit 5000] [--split iid|dirichlet] [--alpha 0.5] [--hidden 0]
 *       [--lr 0.3] [--seed 1] [--attacks none,sign-flip,...] [--rules fedavg,median,...]
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { loadFashionMnist } from '../src/data/fashion-mnist.js';
import { BYZANTINE_ATTACKS, type ByzantineAttackName } from '../src/federated/byzantine/byzantine-attacks.js';
import type { DataSplit } from '../src/federated/simulation/fl-simulation-config.js';
import { runFlSimulation, type FlSimulationResult } from '../src/federated/simulation/fl-simulation.js';
import { disposeMatmulBackends } from '../src/kernels/matmul.js';

const GOAL_POINTS = 3;
const DEFAULT_RULES = 'fedavg,median,trimmed-mean,krum,multi-krum,bulyan,geometric-median,centered-clipping,norm-clipping,fl-trust';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '20' },
    clients: { type: 'string', default: '20' },
    byzantine: { type: 'string', default: '4' },
    limit: { type: 'string', default: '4100' },
    'test-limit': { type: 'string', default: '5000' },
    split: { type: 'string', default: 'iid' },
    alpha: { type: 'string', default: '0.5' },
    hidden: { type: 'string', default: '0' },
    lr: { type: 'string', default: '0.3' },
    seed: { type: 'string', default: '1' },
    attacks: { type: 'string', default: BYZANTINE_ATTACKS.join(',') },
    rules: { type: 'string', default: DEFAULT_RULES },
  },
});

const attacks = values.attacks.split(',') as ByzantineAttackName[];
if (attacks[0] !== 'none') attacks.unshift('none');
const rules = values.rules.split(',');
const hidden = Number(values.hidden);
const base = {
  clients: Number(values.clients),
  byzantine: Number(values.byzantine),
  rounds: Number(values.rounds),
  split: values.split as DataSplit,
  alpha: Number(values.alpha),
  hiddenLayers: hidden > 0 ? [hidden] : [],
  local: { epochs: 1, batchSize: 32, learningRate: Number(values.lr) },
  seed: Number(values.seed),
  aggregators: rules,
};

const startLoad = loadavg()[0]!;
const started = performance.now();
const cpuStart = process.cpuUsage();
const data = {
  train: await loadFashionMnist({ split: 'train', limit: Number(values.limit) }),
  test: await loadFashionMnist({ split: 'test', limit: Number(values['test-limit']) }),
};

const results = new Map<ByzantineAttackName, FlSimulationResult>();
for (const attack of attacks) {
  const t0 = performance.now();
  const r = await runFlSimulation(data, { ...base, attack }, {
    onRound: ({ aggregator, rounds, metrics }) => {
      if (metrics.round === rounds) process.stderr.write(`${attack} / ${aggregator}: final accuracy ${(100 * metrics.accuracy).toFixed(1)}%${metrics.attackSuccess !== null ? `, attack success ${(100 * metrics.attackSuccess).toFixed(1)}%` : ''}\n`);
    },
  });
  results.set(attack, r);
  process.stderr.write(`${attack}: ${((performance.now() - t0) / 1000).toFixed(0)} s\n`);
}
await disposeMatmulBackends();

const clean = results.get('none')!;
const names = clean.runs.map((r) => r.aggregator);
const cleanOf = new Map(clean.runs.map((r) => [r.aggregator, r.finalAccuracy]));
const reference = cleanOf.get('fed-avg') ?? Math.max(...clean.runs.map((r) => r.finalAccuracy));
const p = (v: number) => (100 * v).toFixed(1);
const m = clean.model;

console.log(`## Federated defence: ${base.byzantine} of ${base.clients} clients Byzantine (${p(base.byzantine / base.clients)}%), ${base.rounds} rounds, ${base.split === 'iid' ? 'IID' : `Dirichlet alpha = ${base.alpha}`}`);
console.log('');
console.log(`Model ${m.kind} ${m.sizes.join(' -> ')} (${m.parameters} parameters); ${clean.trainRows} training images (${clean.rootExamples} held back as FLTrust's root set), ${clean.testRows} test images; local SGD 1 epoch, batch 32, rate ${base.local.learningRate}; seed ${base.seed}.`);
console.log(`Attack-free FedAvg: ${p(reference)}%. Goal: best rule within ${GOAL_POINTS} points of it under each attack.`);
console.log('');
console.log(`Final test accuracy (%); * = the rule lost more than ${GOAL_POINTS} points against its own attack-free run:`);
console.log('');
console.log(`| attack | ${names.join(' | ')} | best rule | gap to attack-free FedAvg | goal |`);
console.log(`|---|${names.map(() => '---:').join('|')}|---|---:|---|`);
const defeatedBy = new Map<string, string[]>();
for (const [attack, r] of results) {
  const cells = r.runs.map((run) => {
    const drop = cleanOf.get(run.aggregator)! - run.finalAccuracy;
    const backdoored = run.finalAttackSuccess !== null && attack === 'scaling' && run.finalAttackSuccess > 0.5;
    const defeated = attack !== 'none' && (drop > GOAL_POINTS / 100 || backdoored);
    if (defeated) defeatedBy.set(attack, [...(defeatedBy.get(attack) ?? []), run.aggregator]);
    return `${p(run.finalAccuracy)}${defeated ? '*' : ''}`;
  });
  // For the backdoor the best rule must also keep the backdoor out.
  const eligible = r.runs.filter((run) => !(attack === 'scaling' && (run.finalAttackSuccess ?? 0) > 0.5));
  const best = (eligible.length > 0 ? eligible : r.runs).reduce((a, b) => (b.finalAccuracy > a.finalAccuracy ? b : a));
  const gap = reference - best.finalAccuracy;
  console.log(`| ${attack} | ${cells.join(' | ')} | ${best.aggregator} | ${(100 * gap).toFixed(1)} | ${attack === 'none' ? '—' : gap <= GOAL_POINTS / 100 ? 'met' : 'MISSED'} |`);
}
for (const attack of ['scaling', 'label-flip'] as const) {
  const r = results.get(attack);
  if (!r) continue;
  console.log('');
  console.log(`Attack success of ${attack} (%; ${attack === 'scaling' ? 'triggered test images of other classes classified as the target 0' : 'test images classified as their flipped label'}), initial model ${p(r.initial.attackSuccess ?? 0)}%:`);
  console.log('');
  console.log(`| ${names.join(' | ')} |`);
  console.log(`|${names.map(() => '---:').join('|')}|`);
  console.log(`| ${r.runs.map((run) => p(run.finalAttackSuccess ?? 0)).join(' | ')} |`);
}
console.log('');
console.log('Rules an attack defeats (more than 3 points below their own attack-free accuracy, or backdoor success above 50%):');
for (const attack of attacks.slice(1)) console.log(`- ${attack}: ${(defeatedBy.get(attack) ?? []).join(', ') || 'none'}`);
const cpu = process.cpuUsage(cpuStart);
console.log('');
console.log(`Wall ${((performance.now() - started) / 1000).toFixed(0)} s, CPU ${((cpu.user + cpu.system) / 1e6).toFixed(0)} s; load average ${startLoad.toFixed(1)} at start, ${loadavg()[0]!.toFixed(1)} at end (2 cores shared).`);
