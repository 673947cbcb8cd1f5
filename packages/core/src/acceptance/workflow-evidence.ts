/** The file of a mission's status directory that holds the proof of a real CI run. */
export const WORKFLOW_EVIDENCE_FILE = 'workflow-evidence.md';

/** The directory whose changes call for that proof. */
export const WORKFLOW_DIRECTORY = '.github/workflows';

const RUN_URL = /https:\/\/github\.com\/[\w.-]+\/[\w.-]+\/actions\/runs\/\d+\b/;

/** `run id: 12345`, `Run #123456`, `successful GitHub Actions run id 98765`: the id, or `null`. */
function runIdOf(line: string): string | null {
  let normalized = line.trim().toLowerCase().split(/\s+/).join(' ');
  for (const prefix of ['successful ', 'github actions '])
    if (normalized.startsWith(prefix)) normalized = normalized.slice(prefix.length);
  let rest: string;
  if (normalized.startsWith('run id')) rest = normalized.slice('run id'.length);
  else if (normalized.startsWith('run')) rest = normalized.slice('run'.length);
  else return null;
  rest = rest.trimStart();
  if (':#-'.includes(rest.charAt(0)) && rest !== '') rest = rest.slice(1).trimStart();
  return rest;
}

/**
 * Does the text of `workflow-evidence.md` prove a real GitHub Actions run, as spec-kitty's
 * acceptance gate reads it: a run URL (`https://github.com/<o>/<r>/actions/runs/<n>`), or a line
 * naming a run id of at least five digits (`run id: 12345`, `run #123456`)? Pure.
 *
 * @example
 * ```ts
 * hasWorkflowRunEvidence('CI: https://github.com/acme/app/actions/runs/123'); // true
 * hasWorkflowRunEvidence('run id: 1234'); // false (fewer than five digits)
 * ```
 */
export function hasWorkflowRunEvidence(text: string): boolean {
  if (text.trim() === '') return false;
  if (RUN_URL.test(text)) return true;
  return text.split(/\r?\n/).some((line) => {
    const id = runIdOf(line);
    return id !== null && /^\d{5,}$/.test(id);
  });
}
