import { describe, expect, it } from 'vitest';
import packageJson from '../package.json' with { type: 'json' };
import * as api from './index.js';

describe('@kittyhost/fs-adapter exports', () => {
  it('exports exactly one factory and the root finder', () => {
    expect(Object.keys(api).sort()).toEqual(['createFsSpecStore', 'findProjectRoot']);
  });

  it('exposes only the package entry point (internals stay internal)', () => {
    expect(Object.keys(packageJson.exports)).toEqual(['.', './package.json']);
    expect(packageJson.exports['.']).toEqual({
      types: './dist/index.d.ts',
      default: './dist/index.js',
    });
  });
});
