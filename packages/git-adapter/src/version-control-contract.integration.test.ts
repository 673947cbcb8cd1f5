import { describeVersionControlContract } from '@kittyhost/core/testing';
import { makeGitFixture } from '../test/git-fixture.js';

describeVersionControlContract('git (isomorphic-git)', makeGitFixture);
