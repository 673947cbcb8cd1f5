import { describeSpecStoreContract } from '@kittyhost/core/testing';
import { fsFixture } from '../test/project.js';

describeSpecStoreContract('fs', fsFixture);
