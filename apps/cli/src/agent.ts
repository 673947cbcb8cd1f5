import { Command, CommanderError } from 'commander';
import { GENERATION_1_3, markSubtasks } from '@kittyhost/orchestrator-api';
import { humanFailure, makeContext, runsHumanCommand } from './answer.js';

/** Commander's message (`error: unknown option '--x'`) as a sentence. */
function sentence(message: string): string {
  const text = message.replace(/^error:\s*/i, '').trim();
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * `spec-kitty agent tasks mark-status <T…> --status done|pending [--mission S] [--json]`: the
 * command the agents of a contract 1.3 provider run to mark their subtasks. A human command: it
 * prints one line per id (or, with `--json`, `{results, summary}`); exit 0 when at least one id
 * was known, else one line on stderr and exit 1.
 */
export async function runAgent(argv: readonly string[]): Promise<void> {
  runsHumanCommand();
  let output = '';
  const program = new Command('spec-kitty agent')
    .description('Commands the agents of an orchestration provider run')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => {
        output += text;
      },
      writeErr: (text) => {
        output += text;
      },
      outputError: () => undefined,
    });
  const tasks = program
    .command('tasks')
    .description('Work on the subtasks of a work package')
    .exitOverride();
  let pending: Promise<void> | undefined;
  tasks
    .command('mark-status')
    .description(
      "Mark subtasks done or pending in the mission's status log (tasks.md is left untouched)",
    )
    .argument('<ids...>', 'subtask ids, e.g. T001 (or <mission>/T001)')
    .requiredOption('--status <status>', 'done or pending')
    .option('--mission <slug>', 'the mission (default: the one whose workspace you are in)')
    .option('--repo <dir>', 'project root (default: $SPECIFY_REPO_ROOT, else found from here)')
    .option('--json', 'print {results, summary} as JSON')
    .exitOverride()
    .showSuggestionAfterError(false)
    .action((ids: string[], values: Record<string, unknown>) => {
      pending = mark(ids, values);
    });
  try {
    await program.parseAsync(['tasks', ...argv.slice(argv[0] === 'tasks' ? 1 : 0)], {
      from: 'user',
    });
    await pending;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.help') {
        process.stdout.write(output);
        return;
      }
      humanFailure(sentence(error.message));
      return;
    }
    throw error;
  }
}

async function mark(ids: string[], values: Record<string, unknown>): Promise<void> {
  const status = String(values['status'] ?? '');
  if (status !== 'done' && status !== 'pending') {
    humanFailure(`Invalid status '${status}'. Must be 'done' or 'pending'.`);
    return;
  }
  const repo = typeof values['repo'] === 'string' ? values['repo'] : undefined;
  const context = makeContext(() => repo);
  const answer = await markSubtasks(context, {
    ids,
    status,
    cwd: process.cwd(),
    ...(typeof values['mission'] === 'string' ? { mission: values['mission'] } : {}),
  });
  if (answer.isErr()) {
    humanFailure(GENERATION_1_3.projectError(answer.error).message);
    return;
  }
  const { results, summary } = answer.value;
  if (values['json'] === true) {
    const payload = {
      results: results.map(({ id, outcome, format, message }) => ({
        id,
        outcome,
        format,
        message,
      })),
      summary,
    };
    process.stdout.write(`${JSON.stringify(payload)}\n`);
  } else {
    for (const result of results) {
      const mark = result.outcome === 'not_found' ? '✗' : '✓';
      const text =
        result.outcome === 'updated'
          ? `Marked ${result.id} as ${status} (${result.wp_id ?? ''})`
          : result.message;
      process.stdout.write(`${mark} ${text}\n`);
    }
  }
  if (summary.updated + summary.already_satisfied === 0) {
    humanFailure(`No task IDs found: ${results.map((result) => result.id).join(', ')}`);
  }
}
