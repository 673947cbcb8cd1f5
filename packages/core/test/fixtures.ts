// Shared builders for core's tests. Not part of the package (outside src/, never built).
import type { StatusEvent } from '../src/events/status-event.js';
import type { Policy } from '../src/policy/policy.js';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A valid 26-character ULID-shaped id whose order follows `n`. */
export function eventId(n: number): string {
  let value = n;
  let out = '';
  for (let index = 0; index < 26; index++) {
    out = (CROCKFORD[value % 32] as string) + out;
    value = Math.floor(value / 32);
  }
  return out;
}

/** A valid event: WP01 planned → claimed by `claude` at a fixed instant; override any field. */
export function makeEvent(overrides: Partial<StatusEvent> = {}): StatusEvent {
  return {
    event_id: eventId(1),
    feature_slug: '001-demo',
    wp_id: 'WP01',
    from_lane: 'planned',
    to_lane: 'claimed',
    at: '2026-02-23T18:03:22.152177+00:00',
    actor: 'claude',
    force: false,
    execution_mode: 'worktree',
    reason: null,
    review_ref: null,
    evidence: null,
    policy_metadata: null,
    ...overrides,
  };
}

/** A policy with the seven required fields and nothing secret-like. */
export function makePolicy(overrides: Record<string, unknown> = {}): Policy {
  return {
    orchestrator_id: 'spec-kitty-orchestrator',
    orchestrator_version: '0.1.4',
    agent_family: 'claude',
    approval_mode: 'full_auto',
    sandbox_mode: 'workspace_write',
    network_mode: 'restricted',
    dangerous_flags: [],
    tool_restrictions: null,
    ...overrides,
  };
}
