import { describe, expect, it } from 'vitest';
import { createMemorySpecStore, type MemorySpecStore } from './memory-spec-store.js';
import { describeSpecStoreContract } from './spec-store-contract.js';

describeSpecStoreContract('memory', () => ({
  seed: (project) => createMemorySpecStore(project),
  files: (store, slug) => (store as MemorySpecStore).files(slug) ?? {},
}));

describe('createMemorySpecStore', () => {
  it('reports paths under the configured root', async () => {
    const store = createMemorySpecStore(
      { '001-demo': { workPackages: [{ id: 'WP01' }] } },
      { root: '/repo/' },
    );
    expect(store.root).toBe('/repo');
    const feature = (await store.loadFeature('001-demo'))._unsafeUnwrap();
    expect(feature.workPackages[0]?.promptPath).toBe('/repo/kitty-specs/001-demo/tasks/WP01.md');
  });

  it('lets tests edit a file between calls, as a human or a crashed writer would', async () => {
    const store = createMemorySpecStore({ '001-demo': {} });
    store.writeFile('001-demo', 'status.events.jsonl', '{"torn');
    expect((await store.readEvents('001-demo'))._unsafeUnwrap()).toEqual([]);
    expect(store.files('001-demo')).toEqual({ 'status.events.jsonl': '{"torn' });
    expect(store.files('999-missing')).toBeNull();
  });
});
