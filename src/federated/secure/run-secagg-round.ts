/**
 * One whole round of practical secure aggregation (Bonawitz et al. 2017) run in one process: real
 * {@link SecAggClient}s and a real {@link SecAggServer} exchanging their messages as JSON text (each
 * message is stringified, parsed and validated as a transport would), with clients dropping out at
 * chosen stages. Used by {@link MaskedSecureSum}, the tests and the benchmark.
 */
import { performance } from 'node:perf_hooks';
import { invalidInput } from '../../core/errors.js';
import { systemRandomBytes, type RandomBytes } from './random-bytes.js';
import { SecAggClient } from './secagg-client.js';
import type { SecAggConfig } from './secagg-config.js';
import { parseSecAggMessage, type SecAggMessage } from './secagg-messages.js';
import { SecAggServer } from './secagg-server.js';
import type { SecureSumInput } from './secure-sum.js';

/** The message a dropping client never sends: it goes offline just before that step. */
export const SECAGG_DROPOUT_STAGES = ['advertise-keys', 'share-keys', 'masked-input', 'consistency', 'unmask'] as const;

/** One of {@link SECAGG_DROPOUT_STAGES}. */
export type SecAggDropoutStage = (typeof SECAGG_DROPOUT_STAGES)[number];

/** What to run. */
export interface SecAggRoundOptions {
  readonly config: SecAggConfig;
  readonly inputs: readonly SecureSumInput[];
  /** Clients that go offline, and before which message. */
  readonly dropouts?: Readonly<Record<string, SecAggDropoutStage>>;
  /** Randomness for every client (default: the system CSPRNG). */
  readonly randomBytes?: RandomBytes;
}

/** What the round produced and what it cost. */
export interface SecAggRoundResult {
  /** The sum of the survivors' updates. */
  readonly sum: Float64Array;
  /** Clients whose updates are in the sum, sorted. */
  readonly survivors: readonly string[];
  /** Everything the server received: its whole view of the round. */
  readonly transcript: readonly SecAggMessage[];
  /** Milliseconds spent in server calls (including parsing what it received). */
  readonly serverMs: number;
  /** Milliseconds spent in all client calls together (including parsing what they received). */
  readonly clientMs: number;
  /** CPU milliseconds (user + system) of the server calls: robust to other load on the machine. */
  readonly serverCpuMs: number;
  /** CPU milliseconds (user + system) of all client calls together. */
  readonly clientCpuMs: number;
}

/** Parses and validates a message's JSON text, as the receiving side of a transport would. */
function receive<M extends SecAggMessage>(text: string): M {
  return parseSecAggMessage(JSON.parse(text)) as M;
}

/**
 * Runs one round. Throws `conflict` when so many clients drop out that fewer than t remain at
 * some step.
 *
 * @example
 * const { sum, survivors } = runSecAggRound({
 *   config: { sessionId: 'r1', clientCount: 3, threshold: 2, dimension: 2, fixedPoint: { scale: 2 ** 16, maxAbsValue: 1 } },
 *   inputs: [{ clientId: 'a', values: Float32Array.of(0.1, 0.2) }, { clientId: 'b', values: Float32Array.of(0.3, 0.4) }, { clientId: 'c', values: Float32Array.of(0.5, 0.6) }],
 *   dropouts: { c: 'masked-input' },
 * }); // sum ≈ [0.4, 0.6], survivors ['a', 'b']
 */
export function runSecAggRound(options: SecAggRoundOptions): SecAggRoundResult {
  const { config, inputs } = options;
  const dropouts = options.dropouts ?? {};
  const randomBytes = options.randomBytes ?? systemRandomBytes;
  const ids = new Set(inputs.map((i) => i.clientId));
  if (ids.size !== inputs.length) throw invalidInput('every input needs its own clientId');
  for (const id of Object.keys(dropouts)) if (!ids.has(id)) throw invalidInput(`dropout for unknown client "${id}"`);
  const spent = { server: { wall: 0, cpu: 0 }, client: { wall: 0, cpu: 0 } };
  const timed =
    (side: 'server' | 'client') =>
    <T>(f: () => T): T => {
      const wall = performance.now();
      const cpu = process.cpuUsage();
      try {
        return f();
      } finally {
        const used = process.cpuUsage(cpu);
        spent[side].wall += performance.now() - wall;
        spent[side].cpu += (used.user + used.system) / 1000;
      }
    };
  const onServer = timed('server');
  const onClient = timed('client');
  const online = (id: string, stage: SecAggDropoutStage): boolean => dropouts[id] === undefined || SECAGG_DROPOUT_STAGES.indexOf(dropouts[id]) > SECAGG_DROPOUT_STAGES.indexOf(stage);

  const server = onServer(() => new SecAggServer(config));
  const clients = new Map(inputs.map((input) => [input.clientId, onClient(() => new SecAggClient(input.clientId, config, { randomBytes }))]));
  const values = new Map(inputs.map((input) => [input.clientId, input.values]));

  for (const [id, client] of clients) {
    if (!online(id, 'advertise-keys')) continue;
    const message = onClient(() => JSON.stringify(client.advertiseKeys()));
    onServer(() => server.receiveAdvertisement(receive(message)));
  }
  const directory = onServer(() => JSON.stringify(server.keyDirectory()));
  for (const [id, client] of clients) {
    if (!online(id, 'share-keys')) continue;
    const message = onClient(() => JSON.stringify(client.shareKeys(receive(directory))));
    onServer(() => server.receiveShareKeys(receive(message)));
  }
  const deliveries = onServer(() => server.sharesDeliveries().map((d) => [d.clientId, JSON.stringify(d)] as const));
  for (const [id, delivery] of deliveries) {
    if (!online(id, 'masked-input')) continue;
    const client = clients.get(id)!;
    const message = onClient(() => JSON.stringify(client.maskInput(receive(delivery), values.get(id)!)));
    onServer(() => server.receiveMaskedInput(receive(message)));
  }
  const consistency = onServer(() => server.consistencyRequest());
  const consistencyText = onServer(() => JSON.stringify(consistency));
  for (const id of consistency.survivors) {
    if (!online(id, 'consistency')) continue;
    const client = clients.get(id)!;
    const message = onClient(() => JSON.stringify(client.attestSurvivors(receive(consistencyText))));
    onServer(() => server.receiveConsistencyResponse(receive(message)));
  }
  const requests = onServer(() => server.unmaskRequests().map((r) => [r.clientId, JSON.stringify(r)] as const));
  for (const [id, request] of requests) {
    if (!online(id, 'unmask')) continue;
    const client = clients.get(id)!;
    const message = onClient(() => JSON.stringify(client.unmask(receive(request))));
    onServer(() => server.receiveUnmaskResponse(receive(message)));
  }
  const result = onServer(() => server.finish());
  return {
    sum: result.sum,
    survivors: result.survivors,
    transcript: server.transcript(),
    serverMs: spent.server.wall,
    clientMs: spent.client.wall,
    serverCpuMs: spent.server.cpu,
    clientCpuMs: spent.client.cpu,
  };
}
