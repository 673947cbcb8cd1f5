/**
 * `@kittyhost/core/testing`: in-memory implementations of every port, and the contract test
 * suites every adapter of a port must pass. The suites import `vitest`; use them from tests only.
 *
 * @packageDocumentation
 */
export { fixedClock, steppingClock, sequentialIds } from './fakes.js';
