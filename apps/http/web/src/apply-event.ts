// A lane event from the stream, applied to the board on screen at once, so the card moves as soon
// as the event arrives; the board re-read that follows (debounced) then brings everything else
// (ages, history, subtasks…) and corrects anything this shortcut cannot know.
import { LANE_ORDER, type LaneName } from './format.js';
import type { BoardCard, FeatureBoard } from './view-model.js';

/** The lanes whose card shows the actor of its last lane event as holder (as the view model does). */
const HELD: readonly LaneName[] = ['claimed', 'in_progress', 'in_review'];
/** A dependency in one of these lanes is met. */
const MET: readonly LaneName[] = ['approved', 'done'];

const laneOf = (name: unknown): LaneName | undefined => {
  if (typeof name !== 'string') return undefined;
  const folded = name.trim().toLowerCase();
  const lane = folded === 'doing' ? 'in_progress' : folded;
  return (LANE_ORDER as readonly string[]).includes(lane) ? (lane as LaneName) : undefined;
};

/** The display identity of an event's actor: the string, or a structured actor's tool, else role. */
function actorName(actor: unknown): string {
  if (typeof actor === 'string') return actor;
  if (typeof actor === 'object' && actor !== null) {
    const { tool, role } = actor as { tool?: unknown; role?: unknown };
    if (typeof tool === 'string' && tool !== '') return tool;
    if (typeof role === 'string') return role;
  }
  return '';
}

/**
 * The board with one lane event (the `data` of an SSE `status` message, a log line) applied to
 * its WP: lane, holder, time in lane, the summary and every card's unmet dependencies. `null` when
 * the event cannot be applied safely — not a lane event, an unknown WP or lane, or not newer than
 * the card's last transition (an older event brought in by a merge of logs): then only the re-read
 * tells the truth.
 *
 * @example
 * ```ts
 * const moved = applyLaneEvent(board, JSON.parse(message.data));
 * if (moved !== null) view.render(moved);
 * ```
 */
export function applyLaneEvent(board: FeatureBoard, event: unknown): FeatureBoard | null {
  if (typeof event !== 'object' || event === null) return null;
  const row = event as Record<string, unknown>;
  if (
    row['kind'] !== undefined ||
    typeof row['wp_id'] !== 'string' ||
    typeof row['at'] !== 'string'
  )
    return null;
  const lane = laneOf(row['to_lane']);
  const card = board.work_packages.find((candidate) => candidate.wp_id === row['wp_id']);
  if (lane === undefined || card === undefined) return null;
  const at = Date.parse(row['at']);
  if (Number.isNaN(at)) return null;
  if (card.lane_since !== null && !(at >= Date.parse(card.lane_since))) return null;

  const lanes = new Map(board.work_packages.map((other) => [other.wp_id, other.lane]));
  lanes.set(card.wp_id, lane);
  const moved: BoardCard = {
    ...card,
    lane,
    holder: HELD.includes(lane) ? actorName(row['actor']) : null,
    lane_since: row['at'],
    // It entered the lane just now (the view ages it from when this board is drawn).
    age_seconds: 0,
    force_count: card.force_count + (row['force'] === true ? 1 : 0),
    // The lease follows the move (renewed, taken over or gone): the re-read says how.
    lease: null,
  };
  const summary = { ...board.summary };
  summary[card.lane] = Math.max(0, (summary[card.lane] ?? 0) - 1);
  summary[lane] = (summary[lane] ?? 0) + 1;
  return {
    ...board,
    summary,
    last_event_id: typeof row['event_id'] === 'string' ? row['event_id'] : board.last_event_id,
    work_packages: board.work_packages.map((other) => {
      const next = other.wp_id === card.wp_id ? moved : other;
      const unmet = next.dependencies.filter((dependency) => {
        const dependencyLane = lanes.get(dependency);
        return dependencyLane === undefined || !MET.includes(dependencyLane);
      });
      return unmet.join() === next.unmet_dependencies.join()
        ? next
        : { ...next, unmet_dependencies: unmet };
    }),
  };
}
