// semver's two functions, in a module of their own so contract-version imports them lazily.
import semverLt from 'semver/functions/lt.js';
import semverValid from 'semver/functions/valid.js';

export { semverLt, semverValid };
