/**
 * Lazy loading of isomorphic-git. Importing it costs ~40–110 ms, so nothing in this package
 * imports it at module top level: read-only calls that never need it never pay for it.
 */
export type Git = typeof import('isomorphic-git');
export type GitHttp = typeof import('isomorphic-git/http/node');

let gitModule: Promise<Git> | undefined;
let httpModule: Promise<GitHttp> | undefined;

/** isomorphic-git, imported on first use and memoised. */
export function loadGit(): Promise<Git> {
  gitModule ??= import('isomorphic-git').then(
    (module) => ((module as unknown as { default?: Git }).default ?? module) as Git,
  );
  return gitModule;
}

/** isomorphic-git's node HTTP client, imported on first use and memoised. */
export function loadGitHttp(): Promise<GitHttp> {
  httpModule ??= import('isomorphic-git/http/node').then(
    (module) => ((module as unknown as { default?: GitHttp }).default ?? module) as GitHttp,
  );
  return httpModule;
}
