import { err, ok, type Result } from 'neverthrow';
import { specInvalid, type HostErrorOf } from '../errors/host-error.js';
import { compareWpIds } from '../events/reduce.js';
import type { Lane } from '../lane/lane.js';

/** The part of a WP the graph needs. */
export interface GraphNode {
  readonly id: string;
  readonly dependencies: readonly string[];
}

/** A validated dependency graph. Build it with {@link buildDependencyGraph}. */
export interface DependencyGraph {
  /** Ids ordered numerically. */
  readonly ids: readonly string[];
  /**
   * Dependencies of each id, in declared order, without duplicates (a repeated one keeps its last
   * position, so the last element is the last listed dependency).
   */
  readonly dependencies: ReadonlyMap<string, readonly string[]>;
}

/** A WP that can start now. */
export interface ReadyWorkPackage {
  readonly wp_id: string;
  readonly lane: 'planned';
  readonly dependencies_satisfied: true;
  /** The last listed dependency (its branch is the natural base), or `null`. */
  readonly recommended_base: string | null;
}

const WP_ID = /^WP\d+$/;

/**
 * Validate WP records into a graph: ids are `WP` + digits and unique; every dependency is a
 * known id and not the WP itself; there is no cycle. Every problem is reported at once
 * (`SPEC_INVALID` with `errors`); a cycle is reported with its path (`WP01 -> WP02 -> WP01`).
 *
 * @example
 * ```ts
 * buildDependencyGraph([{ id: 'WP01', dependencies: [] }, { id: 'WP02', dependencies: ['WP01'] }]);
 * // ok({ ids: ['WP01', 'WP02'], … })
 * ```
 */
export function buildDependencyGraph(
  nodes: readonly GraphNode[],
): Result<DependencyGraph, HostErrorOf<'SPEC_INVALID'>> {
  const errors: string[] = [];
  const known = new Set<string>();
  for (const node of nodes) {
    if (!WP_ID.test(node.id))
      errors.push(`${node.id}: not a work package id (WP followed by digits)`);
    if (known.has(node.id)) errors.push(`${node.id}: declared twice`);
    known.add(node.id);
  }
  const dependencies = new Map<string, readonly string[]>();
  for (const node of nodes) {
    const valid: string[] = [];
    for (const dependency of node.dependencies) {
      if (dependency === node.id) errors.push(`${node.id}: depends on itself`);
      else if (!known.has(dependency)) errors.push(`${node.id}: unknown dependency ${dependency}`);
      else valid.push(dependency);
    }
    // A repeated dependency keeps its last position: the last listed one is the recommended base.
    const lastIndex = new Map(valid.map((dependency, index) => [dependency, index]));
    dependencies.set(
      node.id,
      valid.filter((dependency, index) => lastIndex.get(dependency) === index),
    );
  }
  const ids = [...known].sort(compareWpIds);
  // Unknown and self dependencies were left out above, so a cycle among the rest is still real.
  const cycle = findCycle(ids, dependencies);
  if (cycle !== null) errors.push(`dependency cycle: ${cycle.join(' -> ')}`);
  return errors.length > 0 ? err(specInvalid(errors)) : ok({ ids, dependencies });
}

function findCycle(
  ids: readonly string[],
  dependencies: ReadonlyMap<string, readonly string[]>,
): string[] | null {
  const state = new Map<string, 'visiting' | 'done'>();
  for (const start of ids) {
    if (state.has(start)) continue;
    // Iterative DFS so a 5,000-deep chain does not overflow the stack.
    const path: string[] = [];
    const stack: { id: string; next: number }[] = [{ id: start, next: 0 }];
    state.set(start, 'visiting');
    path.push(start);
    while (stack.length > 0) {
      const frame = stack[stack.length - 1] as { id: string; next: number };
      const children = dependencies.get(frame.id) ?? [];
      if (frame.next < children.length) {
        const child = children[frame.next++] as string;
        const seen = state.get(child);
        if (seen === 'visiting') return [...path.slice(path.indexOf(child)), child];
        if (seen === undefined) {
          state.set(child, 'visiting');
          stack.push({ id: child, next: 0 });
          path.push(child);
        }
      } else {
        state.set(frame.id, 'done');
        stack.pop();
        path.pop();
      }
    }
  }
  return null;
}

/**
 * A deterministic topological order: dependencies first; among WPs free at the same time, the
 * numerically smallest id first (WP2 before WP10). O((V + E) log V).
 *
 * @example
 * ```ts
 * topologicalOrder(graph); // ['WP01', 'WP02', 'WP10']
 * ```
 */
export function topologicalOrder(graph: DependencyGraph): string[] {
  const remaining = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const id of graph.ids) {
    const dependencies = graph.dependencies.get(id) ?? [];
    remaining.set(id, dependencies.length);
    for (const dependency of dependencies) {
      const list = dependents.get(dependency);
      if (list) list.push(id);
      else dependents.set(dependency, [id]);
    }
  }
  const rank = new Map(graph.ids.map((id, index) => [id, index]));
  const heap = new MinHeap<string>((left, right) => (rank.get(left) ?? 0) - (rank.get(right) ?? 0));
  for (const id of graph.ids) if (remaining.get(id) === 0) heap.push(id);
  const order: string[] = [];
  while (heap.size > 0) {
    const id = heap.pop() as string;
    order.push(id);
    for (const dependent of dependents.get(id) ?? []) {
      const left = (remaining.get(dependent) ?? 1) - 1;
      remaining.set(dependent, left);
      if (left === 0) heap.push(dependent);
    }
  }
  return order;
}

/** Does a dependency in this lane let its dependents start? `approved` or `done`. */
export const satisfiesDependency = (lane: Lane | undefined): boolean =>
  lane === 'done' || lane === 'approved';

/**
 * The WPs ready to start: lane `planned` and every dependency `approved` or `done` (contract 1.0
 * sees `approved` as `done`), ordered numerically. `lanes` maps each id to its current lane
 * (missing ids count as `planned`).
 *
 * @example
 * ```ts
 * readyWorkPackages(graph, { WP01: 'done' });
 * // [{ wp_id: 'WP02', lane: 'planned', dependencies_satisfied: true, recommended_base: 'WP01' }]
 * ```
 */
export function readyWorkPackages(
  graph: DependencyGraph,
  lanes: Readonly<Record<string, Lane | undefined>>,
): ReadyWorkPackage[] {
  const ready: ReadyWorkPackage[] = [];
  for (const id of graph.ids) {
    if ((lanes[id] ?? 'planned') !== 'planned') continue;
    const dependencies = graph.dependencies.get(id) ?? [];
    if (dependencies.every((dependency) => satisfiesDependency(lanes[dependency]))) {
      ready.push({
        wp_id: id,
        lane: 'planned',
        dependencies_satisfied: true,
        recommended_base: dependencies.at(-1) ?? null,
      });
    }
  }
  return ready;
}

/**
 * The dependencies of `wpId` that are neither `approved` nor `done`, in declared order.
 *
 * @example
 * ```ts
 * unsatisfiedDependencies(graph, 'WP02', { WP01: 'in_progress' }); // ['WP01']
 * ```
 */
export function unsatisfiedDependencies(
  graph: DependencyGraph,
  wpId: string,
  lanes: Readonly<Record<string, Lane | undefined>>,
): string[] {
  return (graph.dependencies.get(wpId) ?? []).filter(
    (dependency) => !satisfiesDependency(lanes[dependency]),
  );
}

class MinHeap<T> {
  private readonly items: T[] = [];
  constructor(private readonly compare: (left: T, right: T) => number) {}
  get size(): number {
    return this.items.length;
  }
  push(item: T): void {
    const items = this.items;
    items.push(item);
    let index = items.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (this.compare(items[index] as T, items[parent] as T) >= 0) break;
      [items[index], items[parent]] = [items[parent] as T, items[index] as T];
      index = parent;
    }
  }
  pop(): T | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last !== undefined) {
      items[0] = last;
      let index = 0;
      for (;;) {
        const left = index * 2 + 1;
        const right = left + 1;
        let smallest = index;
        if (left < items.length && this.compare(items[left] as T, items[smallest] as T) < 0)
          smallest = left;
        if (right < items.length && this.compare(items[right] as T, items[smallest] as T) < 0)
          smallest = right;
        if (smallest === index) break;
        [items[index], items[smallest]] = [items[smallest] as T, items[index] as T];
        index = smallest;
      }
    }
    return top;
  }
}
