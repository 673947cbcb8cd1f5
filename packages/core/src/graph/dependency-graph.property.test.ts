import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import type { Lane } from '../lane/lane.js';
import {
  buildDependencyGraph,
  readyWorkPackages,
  topologicalOrder,
  type GraphNode,
} from './dependency-graph.js';

const LANE_NAMES: readonly Lane[] = [
  'planned',
  'claimed',
  'in_progress',
  'for_review',
  'done',
  'blocked',
  'canceled',
];

/** Numeric id order, written independently of compareWpIds: by number, then by spelling. */
function byId(left: string, right: string): number {
  const difference = BigInt(left.slice(2)) - BigInt(right.slice(2));
  if (difference !== 0n) return difference < 0n ? -1 : 1;
  return left === right ? 0 : left < right ? -1 : 1;
}

/** Every ordering of `items` (small inputs only). */
function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, index) =>
    permutations([...items.slice(0, index), ...items.slice(index + 1)]).map((rest) => [
      item,
      ...rest,
    ]),
  );
}

/** Lexicographic comparison of two id sequences under `byId`. */
function compareSequences(left: readonly string[], right: readonly string[]): number {
  for (let index = 0; index < left.length; index++) {
    const order = byId(left[index] as string, right[index] as string);
    if (order !== 0) return order;
  }
  return 0;
}

/** Distinct ids (mixed widths: WP2, WP02, WP10 …). */
const idsArbitrary = (maxLength: number) =>
  fc.uniqueArray(
    fc
      .tuple(fc.integer({ min: 0, max: 30 }), fc.boolean())
      .map(([n, padded]) => (padded ? `WP${String(n).padStart(2, '0')}` : `WP${n}`)),
    { minLength: 1, maxLength },
  );

/** A random DAG: edges only point to ids earlier in a random hidden order. */
const dagArbitrary = (maxLength: number) =>
  idsArbitrary(maxLength)
    .chain((ids) =>
      fc.tuple(
        ...ids.map((id, index) =>
          fc.subarray(ids.slice(0, index)).chain((dependencies) =>
            fc
              .shuffledSubarray(dependencies, {
                minLength: dependencies.length,
                maxLength: dependencies.length,
              })
              .map((shuffled): GraphNode => ({ id, dependencies: shuffled })),
          ),
        ),
      ),
    )
    .chain((nodes) =>
      fc.shuffledSubarray(nodes, { minLength: nodes.length, maxLength: nodes.length }),
    );

/** A random directed graph (cycles allowed, no self loops). */
const anyGraphArbitrary = idsArbitrary(6).chain((ids) =>
  fc.tuple(
    ...ids.map((id) =>
      fc.subarray(ids.filter((other) => other !== id)).map((dependencies): GraphNode => ({
        id,
        dependencies,
      })),
    ),
  ),
);

function dependencyMap(nodes: readonly GraphNode[]): Map<string, readonly string[]> {
  return new Map(nodes.map((entry) => [entry.id, entry.dependencies]));
}

function isValidOrder(order: readonly string[], nodes: readonly GraphNode[]): boolean {
  const position = new Map(order.map((id, index) => [id, index]));
  return nodes.every((entry) =>
    entry.dependencies.every(
      (dependency) => (position.get(dependency) as number) < (position.get(entry.id) as number),
    ),
  );
}

describe('dependency graph properties', () => {
  test.prop([dagArbitrary(6)])(
    'topological order is the numerically smallest valid order (brute force over all orders)',
    (nodes) => {
      const order = topologicalOrder(buildDependencyGraph(nodes)._unsafeUnwrap());
      const valid = permutations(nodes.map((entry) => entry.id)).filter((candidate) =>
        isValidOrder(candidate, nodes),
      );
      const smallest = valid.reduce((best, candidate) =>
        compareSequences(candidate, best) < 0 ? candidate : best,
      );
      expect(order).toEqual(smallest);
    },
  );

  test.prop([dagArbitrary(40)])('topological order is a valid order of every id', (nodes) => {
    const order = topologicalOrder(buildDependencyGraph(nodes)._unsafeUnwrap());
    expect([...order].sort(byId)).toEqual(nodes.map((entry) => entry.id).sort(byId));
    expect(isValidOrder(order, nodes)).toBe(true);
  });

  test.prop([
    dagArbitrary(8).chain((nodes) =>
      fc.tuple(
        fc.constant(nodes),
        fc.dictionary(
          fc.constantFrom(...nodes.map((entry) => entry.id)),
          fc.constantFrom(...LANE_NAMES),
        ),
      ),
    ),
  ])('ready set agrees with brute force', ([nodes, lanes]) => {
    const graph = buildDependencyGraph(nodes)._unsafeUnwrap();
    const laneOf = (id: string): Lane => lanes[id] ?? 'planned';
    const expected = nodes
      .filter((entry) => laneOf(entry.id) === 'planned')
      .filter((entry) => entry.dependencies.every((dependency) => laneOf(dependency) === 'done'))
      .sort((left, right) => byId(left.id, right.id))
      .map((entry) => ({
        wp_id: entry.id,
        lane: 'planned',
        dependencies_satisfied: true,
        recommended_base: entry.dependencies.at(-1) ?? null,
      }));
    expect(readyWorkPackages(graph, lanes)).toEqual(expected);
  });

  test.prop([anyGraphArbitrary])(
    'rejects exactly the graphs with a cycle, naming a real one',
    (nodes) => {
      const edges = dependencyMap(nodes);
      // Brute force: a cycle exists iff some id reaches itself (transitive closure by search).
      const reaches = (from: string, to: string): boolean => {
        const seen = new Set<string>();
        const stack = [...(edges.get(from) ?? [])];
        while (stack.length > 0) {
          const next = stack.pop() as string;
          if (next === to) return true;
          if (seen.has(next)) continue;
          seen.add(next);
          stack.push(...(edges.get(next) ?? []));
        }
        return false;
      };
      const cyclic = nodes.some((entry) => reaches(entry.id, entry.id));
      const result = buildDependencyGraph(nodes);
      expect(result.isErr()).toBe(cyclic);
      if (result.isErr()) {
        const [message] = result.error.details.errors;
        expect(message).toMatch(/^dependency cycle: /);
        const path = (message as string).replace('dependency cycle: ', '').split(' -> ');
        expect(path[0]).toBe(path.at(-1));
        expect(new Set(path.slice(1)).size).toBe(path.length - 1);
        for (let index = 0; index + 1 < path.length; index++) {
          expect(edges.get(path[index] as string)).toContain(path[index + 1]);
        }
      }
    },
  );
});
