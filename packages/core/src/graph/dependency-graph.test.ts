import { describe, expect, it } from 'vitest';
import {
  buildDependencyGraph,
  readyWorkPackages,
  topologicalOrder,
  unsatisfiedDependencies,
  type DependencyGraph,
  type GraphNode,
} from './dependency-graph.js';

const node = (id: string, ...dependencies: string[]): GraphNode => ({ id, dependencies });

function graphOf(...nodes: GraphNode[]): DependencyGraph {
  return buildDependencyGraph(nodes)._unsafeUnwrap();
}

function errorsOf(...nodes: GraphNode[]): readonly string[] {
  const error = buildDependencyGraph(nodes)._unsafeUnwrapErr();
  expect(error.code).toBe('SPEC_INVALID');
  return error.details.errors;
}

describe('buildDependencyGraph', () => {
  it('accepts an empty feature', () => {
    expect(graphOf()).toEqual({ ids: [], dependencies: new Map() });
  });

  it('orders ids numerically and keeps declared dependency order', () => {
    const graph = graphOf(node('WP10', 'WP2', 'WP1'), node('WP2'), node('WP1'));
    expect(graph.ids).toEqual(['WP1', 'WP2', 'WP10']);
    expect(graph.dependencies.get('WP10')).toEqual(['WP2', 'WP1']);
  });

  it('drops a repeated dependency, keeping its last position', () => {
    const graph = graphOf(node('WP1'), node('WP2'), node('WP3', 'WP1', 'WP2', 'WP1'));
    expect(graph.dependencies.get('WP3')).toEqual(['WP2', 'WP1']);
  });

  it('reports an unknown dependency', () => {
    expect(errorsOf(node('WP01', 'WP09'))).toEqual(['WP01: unknown dependency WP09']);
  });

  it('reports a dependency on itself', () => {
    expect(errorsOf(node('WP01', 'WP01'))).toEqual(['WP01: depends on itself']);
  });

  it('reports an id declared twice', () => {
    expect(errorsOf(node('WP01'), node('WP01'))).toEqual(['WP01: declared twice']);
  });

  it('reports an id that is not WP + digits', () => {
    expect(errorsOf(node('wp01'), node('WP01-setup'))).toEqual([
      'wp01: not a work package id (WP followed by digits)',
      'WP01-setup: not a work package id (WP followed by digits)',
    ]);
  });

  it('reports a cycle with its path', () => {
    expect(errorsOf(node('WP01', 'WP02'), node('WP02', 'WP01'))).toEqual([
      'dependency cycle: WP01 -> WP02 -> WP01',
    ]);
    expect(
      errorsOf(node('WP1', 'WP2'), node('WP2', 'WP3'), node('WP3', 'WP1'), node('WP4', 'WP1')),
    ).toEqual(['dependency cycle: WP1 -> WP2 -> WP3 -> WP1']);
  });

  it('reports only the cycle part of a path that leads into one', () => {
    expect(errorsOf(node('WP1', 'WP2'), node('WP2', 'WP3'), node('WP3', 'WP2'))).toEqual([
      'dependency cycle: WP2 -> WP3 -> WP2',
    ]);
  });

  it('reports every problem at once', () => {
    expect(
      errorsOf(node('WP1', 'WP9'), node('WP2', 'WP2', 'WP3'), node('WP3', 'WP2'), node('WP1')),
    ).toEqual([
      'WP1: declared twice',
      'WP1: unknown dependency WP9',
      'WP2: depends on itself',
      'dependency cycle: WP2 -> WP3 -> WP2',
    ]);
  });

  it('handles a chain of 5,000 without overflowing the stack, cycle or not', () => {
    const chain = Array.from({ length: 5_000 }, (_, index) =>
      index === 0 ? node('WP1') : node(`WP${index + 1}`, `WP${index}`),
    );
    const graph = buildDependencyGraph(chain)._unsafeUnwrap();
    const order = topologicalOrder(graph);
    expect(order).toHaveLength(5_000);
    expect(order[0]).toBe('WP1');
    expect(order.at(-1)).toBe('WP5000');
    const looped = [{ ...chain[0], dependencies: ['WP5000'] } as GraphNode, ...chain.slice(1)];
    const [message] = buildDependencyGraph(looped)._unsafeUnwrapErr().details.errors;
    expect(message?.startsWith('dependency cycle: WP1 -> WP5000 -> WP4999')).toBe(true);
    expect(message?.split(' -> ')).toHaveLength(5_001);
  });
});

describe('topologicalOrder', () => {
  it('puts dependencies first and the smallest free id next (WP2 before WP10)', () => {
    const graph = graphOf(
      node('WP10'),
      node('WP2'),
      node('WP3', 'WP10'),
      node('WP1', 'WP3'),
      node('WP20', 'WP2'),
    );
    expect(topologicalOrder(graph)).toEqual(['WP2', 'WP10', 'WP3', 'WP1', 'WP20']);
  });

  it('lists independent WPs numerically', () => {
    expect(topologicalOrder(graphOf(node('WP100'), node('WP9'), node('WP10')))).toEqual([
      'WP9',
      'WP10',
      'WP100',
    ]);
  });

  it('orders a diamond', () => {
    const graph = graphOf(
      node('WP4', 'WP3', 'WP2'),
      node('WP3', 'WP1'),
      node('WP2', 'WP1'),
      node('WP1'),
    );
    expect(topologicalOrder(graph)).toEqual(['WP1', 'WP2', 'WP3', 'WP4']);
  });
});

describe('readyWorkPackages', () => {
  const graph = graphOf(
    node('WP01'),
    node('WP02', 'WP01'),
    node('WP03', 'WP01', 'WP02'),
    node('WP10'),
  );

  it('lists planned WPs whose dependencies are all done, with the last listed as base', () => {
    expect(readyWorkPackages(graph, { WP01: 'done', WP02: 'done' })).toEqual([
      { wp_id: 'WP03', lane: 'planned', dependencies_satisfied: true, recommended_base: 'WP02' },
      { wp_id: 'WP10', lane: 'planned', dependencies_satisfied: true, recommended_base: null },
    ]);
  });

  it('treats WPs missing from lanes as planned', () => {
    expect(readyWorkPackages(graph, {}).map((ready) => ready.wp_id)).toEqual(['WP01', 'WP10']);
  });

  it('skips WPs that are not planned and dependencies that are not done', () => {
    const lanes = { WP01: 'done', WP02: 'in_progress', WP10: 'blocked' } as const;
    expect(readyWorkPackages(graph, lanes)).toEqual([]);
    expect(readyWorkPackages(graph, { WP01: 'canceled' }).map((ready) => ready.wp_id)).toEqual([
      'WP10',
    ]);
  });

  it('uses the last listed dependency as recommended base, not the highest id', () => {
    const reversed = graphOf(node('WP1'), node('WP2'), node('WP3', 'WP2', 'WP1'));
    expect(readyWorkPackages(reversed, { WP1: 'done', WP2: 'done' })).toEqual([
      { wp_id: 'WP3', lane: 'planned', dependencies_satisfied: true, recommended_base: 'WP1' },
    ]);
  });
});

describe('unsatisfiedDependencies', () => {
  it('lists the dependencies not done, in declared order', () => {
    const graph = graphOf(node('WP1'), node('WP2'), node('WP3'), node('WP4', 'WP3', 'WP1', 'WP2'));
    expect(unsatisfiedDependencies(graph, 'WP4', { WP1: 'done', WP3: 'for_review' })).toEqual([
      'WP3',
      'WP2',
    ]);
    expect(
      unsatisfiedDependencies(graph, 'WP4', { WP1: 'done', WP2: 'done', WP3: 'done' }),
    ).toEqual([]);
    expect(unsatisfiedDependencies(graph, 'WP9', {})).toEqual([]);
  });
});
