// Small federated runs on a few hundred real Fashion-MNIST images (skipped when the data set is
// not installed): reproducible for a seed, robust rules beat FedAvg under sign flipping, the
// model-replacement backdoor lands under FedAvg, and preconditions are checked before training.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FASHION_MNIST_DIR, fashionMnistFiles, loadFashionMnist } from '../../data/fashion-mnist.js';
import type { FlSimulationData } from './fl-simulation.js';
import { runFlSimulation } from './fl-simulation.js';

const installed = existsSync(join(FASHION_MNIST_DIR, fashionMnistFiles('train').images));
let data: FlSimulationData;

beforeAll(async () => {
  if (!installed) return;
  data = { train: await loadFashionMnist({ split: 'train', limit: 700 }), test: await loadFashionMnist({ split: 'test', limit: 300 }) };
});

const small = { clients: 10, byzantine: 2, rounds: 8, seed: 3, local: { epochs: 1, batchSize: 16, learningRate: 0.1 } } as const;

describe.skipIf(!installed)('runFlSimulation on Fashion-MNIST', () => {
  it('with sign-flipping attackers, median and trimmed mean end clearly above FedAvg; the result is the same for the same seed', async () => {
    const config = { ...small, attack: 'sign-flip', aggregators: ['fedavg', 'median', 'trimmed-mean'] } as const;
    const a = await runFlSimulation(data, config);
    const final = Object.fromEntries(a.runs.map((r) => [r.aggregator, r.finalAccuracy]));
    expect(final['coordinate-median']!).toBeGreaterThan(final['fed-avg']! + 0.2);
    expect(final['trimmed-mean']!).toBeGreaterThan(final['fed-avg']! + 0.2);
    expect(final['coordinate-median']!).toBeGreaterThan(0.55);
    expect(a.byzantineClients).toHaveLength(2);
    expect(a.shardSizes.reduce((s, v) => s + v, 0)).toBe(600); // 700 rows less 100 held back as FLTrust's root data
    expect(a.runs[0]!.rounds.every((r) => r.byzantineInRound === 2)).toBe(true);
    // Sign-flipped updates lie far from the robust aggregate; honest ones near it.
    const medianRun = a.runs[1]!.rounds;
    expect(medianRun.every((r) => r.byzantineRelativeDistance! > 2 * r.honestRelativeDistance!)).toBe(true);

    const b = await runFlSimulation(data, config);
    expect(b.runs.map((r) => r.rounds)).toEqual(a.runs.map((r) => r.rounds));
    expect(b.byzantineClients).toEqual(a.byzantineClients);
  });

  it('runs each rule as its own simulation from the seed: a rule alone gives the run it gave beside others', async () => {
    const alone = await runFlSimulation(data, { ...small, rounds: 3, attack: 'alie', aggregators: ['krum'] });
    const beside = await runFlSimulation(data, { ...small, rounds: 3, attack: 'alie', aggregators: ['median', 'krum'] });
    expect(beside.runs[1]!.rounds).toEqual(alone.runs[0]!.rounds);
    const other = await runFlSimulation(data, { ...small, rounds: 3, seed: 4, attack: 'alie', aggregators: ['krum'] });
    expect(other.runs[0]!.rounds).not.toEqual(alone.runs[0]!.rounds);
  });

  it('the boosted backdoor takes over the FedAvg model (triggered images go to the target) while norm clipping blunts it', async () => {
    const r = await runFlSimulation(data, { ...small, rounds: 8, attack: 'scaling', aggregators: ['fedavg', 'norm-clipping'] });
    expect(r.attack.targeted).toBe(true);
    expect(r.initial.attackSuccess!).toBeLessThan(0.2);
    // Early in training the honest updates are large, so the replaced model swings back and forth
    // between rounds: compare the mean success over the rounds.
    const meanSuccess = (i: number) => r.runs[i]!.rounds.reduce((s, m) => s + m.attackSuccess!, 0) / r.runs[i]!.rounds.length;
    expect(meanSuccess(0)).toBeGreaterThan(0.6);
    expect(meanSuccess(1)).toBeLessThan(meanSuccess(0) - 0.3);
  });

  it('checks every rule\'s precondition before training: Bulyan needs n >= 4f + 3', async () => {
    await expect(runFlSimulation(data, { ...small, aggregators: ['median', 'bulyan'] })).rejects.toThrow(
      /aggregator "bulyan" cannot tolerate f = 2 Byzantine clients with n = 10 clients per round: it needs n >= 4f \+ 3 = 11/,
    );
    await expect(runFlSimulation(data, { ...small, aggregators: ['median2'] })).rejects.toThrow(/unknown aggregator "median2"; available: fed-avg, coordinate-median/);
  });

  it('splits non-IID by Dirichlet(α) and samples clients per round when asked', async () => {
    const r = await runFlSimulation(data, { ...small, rounds: 3, split: 'dirichlet', alpha: 0.3, clientsPerRound: 5, byzantine: 1, attack: 'label-flip', aggregators: ['median'] });
    expect(r.shardSizes.reduce((s, v) => s + v, 0)).toBe(600);
    expect(new Set(r.shardSizes).size).toBeGreaterThan(3);
    expect(r.runs[0]!.rounds.map((m) => m.byzantineInRound).every((k) => k === 0 || k === 1)).toBe(true);
    expect(r.runs[0]!.rounds.every((m) => m.attackSuccess !== null)).toBe(true);
  });
});
