import { describe, expect, it } from 'vitest';
import * as api from './index.js';
import packageJson from '../package.json' with { type: 'json' };

describe('@kittyhost/git-adapter exports', () => {
  it('exports exactly one factory', () => {
    expect(Object.keys(api).sort()).toEqual(['createGitVersionControl']);
  });

  it('exposes only the root entry point and package.json', () => {
    expect(Object.keys(packageJson.exports)).toEqual(['.', './package.json']);
  });
});
