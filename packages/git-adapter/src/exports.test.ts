import { describe, expect, it } from 'vitest';
import * as api from './index.js';
import packageJson from '../package.json' with { type: 'json' };

describe('@kittyhost/git-adapter exports', () => {
  it('exports one factory and the pure workspace layout', () => {
    expect(Object.keys(api).sort()).toEqual(['createGitVersionControl', 'workspaceLayout']);
  });

  it('names workspaces exactly as the adapter does', () => {
    const layout = api.workspaceLayout('/repo/');
    const adapter = api.createGitVersionControl({ root: '/repo' });
    expect(layout.workspacePath('001-x', 'WP01')).toBe('/repo/.worktrees/001-x-WP01');
    expect(adapter.workspacePath('001-x', 'WP01')).toBe(layout.workspacePath('001-x', 'WP01'));
    expect(adapter.branchName('001-x', 'WP01')).toBe('001-x-WP01');
  });

  it('exposes the root entry point, the pure layout and package.json', () => {
    expect(Object.keys(packageJson.exports)).toEqual(['.', './layout', './package.json']);
  });
});
