// Golden text of the original host (spec-kitty 3.2.6rc3, contract 1.3.0). Generated once, then
// pasted; do not edit by hand.
// - FIXTURE_*: copied byte-for-byte from ../shared/fixtures/spec-kitty-3.2/coord-3wp.tar.gz
//   (test/spec-kitty-fixture.test.ts checks they still equal the tarball's files).
// - the others: produced once by CPython 3.11 with the original's serialisation
//   (`json.dumps(sanitize_event_for_log(row), sort_keys=True)` for log rows,
//   `json.dumps(snapshot, sort_keys=True, indent=2, ensure_ascii=False) + "\n"` for status.json)
//   from the row dicts the original's `to_dict()` builds.

/** The fixture mission. */
export const FIXTURE_MISSION = {
  mission_slug: 'coord-3wp-01M8RCK1',
  mission_id: '01M8RCK176SECR64016WF4N3AM',
} as const;

/** The coordination worktree's `status.events.jsonl`: three `genesis -> planned` seed rows. */
export const FIXTURE_COORD_LOG_LINES: readonly string[] = [
  String.raw`{"actor": "finalize-tasks", "at": "2026-12-01T08:48:31.521748+00:00", "event_id": "01M8RCN4913S0J6B8XBNFTK44E", "evidence": null, "execution_mode": "worktree", "force": false, "from_lane": "genesis", "mission_id": "01M8RCK176SECR64016WF4N3AM", "mission_slug": "coord-3wp-01M8RCK1", "policy_metadata": null, "reason": "canonical bootstrap", "review_ref": null, "to_lane": "planned", "wp_id": "WP01"}`,
  String.raw`{"actor": "finalize-tasks", "at": "2026-12-01T08:48:31.801032+00:00", "event_id": "01M8RCN4HR6W3P3TH26Q2MTXFF", "evidence": null, "execution_mode": "worktree", "force": false, "from_lane": "genesis", "mission_id": "01M8RCK176SECR64016WF4N3AM", "mission_slug": "coord-3wp-01M8RCK1", "policy_metadata": null, "reason": "canonical bootstrap", "review_ref": null, "to_lane": "planned", "wp_id": "WP02"}`,
  String.raw`{"actor": "finalize-tasks", "at": "2026-12-01T08:48:31.957850+00:00", "event_id": "01M8RCN4PNNFA3NFTWBFN0MWMB", "evidence": null, "execution_mode": "worktree", "force": false, "from_lane": "genesis", "mission_id": "01M8RCK176SECR64016WF4N3AM", "mission_slug": "coord-3wp-01M8RCK1", "policy_metadata": null, "reason": "canonical bootstrap", "review_ref": null, "to_lane": "planned", "wp_id": "WP03"}`,
];

/** The coordination worktree's `status.json`, materialised by the original from that log. */
export const FIXTURE_COORD_STATUS_JSON =
  '{\n  "event_count": 3,\n  "last_event_id": "01M8RCN4PNNFA3NFTWBFN0MWMB",\n  "materialized_at": "2026-12-01T08:48:31.957850+00:00",\n  "mission_number": "",\n  "mission_slug": "coord-3wp-01M8RCK1",\n  "mission_type": "",\n  "summary": {\n    "approved": 0,\n    "blocked": 0,\n    "canceled": 0,\n    "claimed": 0,\n    "done": 0,\n    "for_review": 0,\n    "in_progress": 0,\n    "in_review": 0,\n    "planned": 3\n  },\n  "work_packages": {\n    "WP01": {\n      "actor": "finalize-tasks",\n      "force_count": 0,\n      "lane": "planned",\n      "last_event_id": "01M8RCN4913S0J6B8XBNFTK44E",\n      "last_transition_at": "2026-12-01T08:48:31.521748+00:00"\n    },\n    "WP02": {\n      "actor": "finalize-tasks",\n      "force_count": 0,\n      "lane": "planned",\n      "last_event_id": "01M8RCN4HR6W3P3TH26Q2MTXFF",\n      "last_transition_at": "2026-12-01T08:48:31.801032+00:00"\n    },\n    "WP03": {\n      "actor": "finalize-tasks",\n      "force_count": 0,\n      "lane": "planned",\n      "last_event_id": "01M8RCN4PNNFA3NFTWBFN0MWMB",\n      "last_transition_at": "2026-12-01T08:48:31.957850+00:00"\n    }\n  }\n}\n';

/** The primary dir's husk `status.events.jsonl`: mission-level `event_type` rows only. */
export const FIXTURE_HUSK_LOG_LINES: readonly string[] = [
  String.raw`{"aggregate_id": "01M8RCK176SECR64016WF4N3AM", "aggregate_type": "Mission", "event_id": "01M8RCK19XB3E0DM879TMX0QZR", "event_type": "MissionCreated", "payload": {"created_at": "2026-12-01T08:47:22.854769+00:00", "friendly_name": "Coord 3WP", "mission_id": "01M8RCK176SECR64016WF4N3AM", "mission_number": null, "mission_slug": "coord-3wp-01M8RCK1", "mission_type": "software-dev", "purpose_context": "A 3 work package mission planned with the spec-kitty 3.2.6rc3 tools, used as a test fixture for orchestrator-api hosts.", "purpose_tldr": "Fixture mission Coord 3WP for orchestrator-api testing", "target_branch": "feat/coord-3wp", "wp_count": 0}, "project_slug": "h32-coord-3wp", "project_uuid": "b035e326-7f0a-42e0-b8b4-63a447fd14bc", "schema_version": "5.0.0", "timestamp": "2026-12-01T08:47:22.941349+00:00"}`,
  String.raw`{"aggregate_id": "coord-3wp-01M8RCK1", "aggregate_type": "Mission", "event_id": "01M8RCK19Z65496Z6WKZQ69TPP", "event_type": "SpecifyStarted", "payload": {"actor": "spec-kitty mission create", "artifact_path": "kitty-specs/coord-3wp-01M8RCK1/spec.md", "at": "2026-12-01T08:47:22.943694Z", "mission_number": null, "mission_slug": "coord-3wp-01M8RCK1"}, "project_slug": null, "project_uuid": null, "schema_version": "5.0.0", "timestamp": "2026-12-01T08:47:22.944023+00:00"}`,
  String.raw`{"aggregate_id": "coord-3wp-01M8RCK1", "aggregate_type": "Mission", "event_id": "01M8RCKXMBXMD3TQGGG3NKAPAJ", "event_type": "SpecifyCompleted", "payload": {"actor": "spec-kitty agent mission setup-plan", "artifact_path": "kitty-specs/coord-3wp-01M8RCK1/spec.md", "at": "2026-12-01T08:47:51.947449Z", "mission_number": null, "mission_slug": "coord-3wp-01M8RCK1", "summary": null}, "project_slug": null, "project_uuid": null, "schema_version": "5.0.0", "timestamp": "2026-12-01T08:47:51.947689+00:00"}`,
  String.raw`{"aggregate_id": "coord-3wp-01M8RCK1", "aggregate_type": "Mission", "event_id": "01M8RCKXMP0KHWH7HGSZ9QR2TA", "event_type": "PlanStarted", "payload": {"actor": "spec-kitty agent mission setup-plan", "at": "2026-12-01T08:47:51.957833Z", "mission_number": null, "mission_slug": "coord-3wp-01M8RCK1"}, "project_slug": null, "project_uuid": null, "schema_version": "5.0.0", "timestamp": "2026-12-01T08:47:51.958067+00:00"}`,
  String.raw`{"aggregate_id": "coord-3wp-01M8RCK1", "aggregate_type": "Mission", "event_id": "01M8RCMGNM21X4R4Q4P7XKAZ2Y", "event_type": "PlanCompleted", "payload": {"actor": "spec-kitty agent mission setup-plan", "artifact_path": "kitty-specs/coord-3wp-01M8RCK1/plan.md", "at": "2026-12-01T08:48:11.444192Z", "mission_number": null, "mission_slug": "coord-3wp-01M8RCK1", "summary": null}, "project_slug": null, "project_uuid": null, "schema_version": "5.0.0", "timestamp": "2026-12-01T08:48:11.444510+00:00"}`,
  String.raw`{"aggregate_id": "coord-3wp-01M8RCK1", "aggregate_type": "Mission", "event_id": "01M8RCN442KWFR66G11A3KBD9F", "event_type": "TasksStarted", "payload": {"actor": "spec-kitty agent mission finalize-tasks", "at": "2026-12-01T08:48:31.362416Z", "mission_number": null, "mission_slug": "coord-3wp-01M8RCK1"}, "project_slug": null, "project_uuid": null, "schema_version": "5.0.0", "timestamp": "2026-12-01T08:48:31.362679+00:00"}`,
  String.raw`{"aggregate_id": "WP03", "aggregate_type": "WorkPackage", "event_id": "01M8RCN4451FG9W4MX1NPAM4PY", "event_type": "WPCreated", "payload": {"actor": "spec-kitty agent mission finalize-tasks", "created_at": "2026-12-01T08:48:31.365438Z", "depends_on": [], "mission_number": null, "mission_slug": "coord-3wp-01M8RCK1", "wp_id": "WP03", "wp_path": "kitty-specs/coord-3wp-01M8RCK1/tasks/WP03-documentation.md", "wp_title": "Documentation"}, "project_slug": null, "project_uuid": null, "schema_version": "5.0.0", "timestamp": "2026-12-01T08:48:31.365697+00:00"}`,
  String.raw`{"aggregate_id": "WP01", "aggregate_type": "WorkPackage", "event_id": "01M8RCN446BMP5NBYGRPZHZ63E", "event_type": "WPCreated", "payload": {"actor": "spec-kitty agent mission finalize-tasks", "created_at": "2026-12-01T08:48:31.366358Z", "depends_on": [], "mission_number": null, "mission_slug": "coord-3wp-01M8RCK1", "wp_id": "WP01", "wp_path": "kitty-specs/coord-3wp-01M8RCK1/tasks/WP01-greeting-module.md", "wp_title": "Greeting module"}, "project_slug": null, "project_uuid": null, "schema_version": "5.0.0", "timestamp": "2026-12-01T08:48:31.366558+00:00"}`,
  String.raw`{"aggregate_id": "WP02", "aggregate_type": "WorkPackage", "event_id": "01M8RCN44748QEM05CW75DMYB3", "event_type": "WPCreated", "payload": {"actor": "spec-kitty agent mission finalize-tasks", "created_at": "2026-12-01T08:48:31.367143Z", "depends_on": ["WP01"], "mission_number": null, "mission_slug": "coord-3wp-01M8RCK1", "wp_id": "WP02", "wp_path": "kitty-specs/coord-3wp-01M8RCK1/tasks/WP02-farewell-module.md", "wp_title": "Farewell module"}, "project_slug": null, "project_uuid": null, "schema_version": "5.0.0", "timestamp": "2026-12-01T08:48:31.367325+00:00"}`,
  String.raw`{"aggregate_id": "coord-3wp-01M8RCK1", "aggregate_type": "Mission", "event_id": "01M8RCN447KKZJWXNVJWKHQGEG", "event_type": "TasksCompleted", "payload": {"actor": "spec-kitty agent mission finalize-tasks", "artifact_path": "kitty-specs/coord-3wp-01M8RCK1/tasks.md", "at": "2026-12-01T08:48:31.367704Z", "mission_number": null, "mission_slug": "coord-3wp-01M8RCK1", "summary": null, "wp_count": 3}, "project_slug": null, "project_uuid": null, "schema_version": "5.0.0", "timestamp": "2026-12-01T08:48:31.367949+00:00"}`,
];

/** The primary dir's husk `status.json` (no lane event: an empty snapshot). */
export const FIXTURE_HUSK_STATUS_JSON =
  '{\n  "event_count": 0,\n  "last_event_id": null,\n  "materialized_at": "",\n  "mission_number": "",\n  "mission_slug": "",\n  "mission_type": "software-dev",\n  "summary": {\n    "approved": 0,\n    "blocked": 0,\n    "canceled": 0,\n    "claimed": 0,\n    "done": 0,\n    "for_review": 0,\n    "in_progress": 0,\n    "in_review": 0,\n    "planned": 0\n  },\n  "work_packages": {}\n}\n';

/** 1.3 lane rows as written by the original: `input` is the row before sanitising (`ensure_ascii=False`). */
export const LANE_LINES_1_3: readonly { readonly input: string; readonly python: string }[] = [
  {
    input:
      '{"event_id": "01M8S10000000000000000000A", "mission_slug": "coord-3wp-01M8RCK1", "wp_id": "WP01", "from_lane": "planned", "to_lane": "claimed", "at": "2026-12-01T09:00:00.000000+00:00", "actor": "spec-kitty-orchestrator", "force": false, "execution_mode": "worktree", "reason": null, "review_ref": null, "evidence": null, "policy_metadata": {"orchestrator_id": "spec-kitty-orchestrator", "orchestrator_version": "0.1.3", "agent_family": "claude", "approval_mode": "full_auto", "sandbox_mode": "workspace_write", "network_mode": "none", "dangerous_flags": [], "tool_restrictions": null, "agent": "claude", "shell_pid": 4242}, "mission_id": "01M8RCK176SECR64016WF4N3AM"}',
    python: String.raw`{"actor": "spec-kitty-orchestrator", "at": "2026-12-01T09:00:00.000000+00:00", "event_id": "01M8S10000000000000000000A", "evidence": null, "execution_mode": "worktree", "force": false, "from_lane": "planned", "mission_id": "01M8RCK176SECR64016WF4N3AM", "mission_slug": "coord-3wp-01M8RCK1", "policy_metadata": {"agent": "claude", "agent_family": "claude", "approval_mode": "full_auto", "dangerous_flags": [], "network_mode": "none", "orchestrator_id": "spec-kitty-orchestrator", "orchestrator_version": "0.1.3", "sandbox_mode": "workspace_write", "shell_pid": 4242, "tool_restrictions": null}, "reason": null, "review_ref": null, "to_lane": "claimed", "wp_id": "WP01"}`,
  },
  {
    input:
      '{"event_id": "01M8S10000000000000000000B", "mission_slug": "coord-3wp-01M8RCK1", "wp_id": "WP01", "from_lane": "in_review", "to_lane": "done", "at": "2026-12-01T09:30:00.123456+00:00", "actor": {"role": "reviewer", "profile": "reviewer-default", "tool": "claude", "model": null}, "force": false, "execution_mode": "worktree", "reason": "Review approved by \'Zoë Reviewer\' — ✓", "review_ref": "review-WP01-cycle1-1a2b3c4d", "evidence": {"review": {"reviewer": "Zoë Reviewer", "verdict": "approved", "reference": "review-WP01-cycle1-1a2b3c4d"}}, "policy_metadata": {"orchestrator_id": "spec-kitty-orchestrator", "orchestrator_version": "0.1.3", "agent_family": "claude", "approval_mode": "full_auto", "sandbox_mode": "workspace_write", "network_mode": "none", "dangerous_flags": [], "tool_restrictions": null}, "review_result": {"reviewer": "Zoë Reviewer", "verdict": "approved", "reference": "review-WP01-cycle1-1a2b3c4d"}, "mission_id": "01M8RCK176SECR64016WF4N3AM"}',
    python: String.raw`{"actor": {"model": null, "profile": "reviewer-default", "role": "reviewer", "tool": "claude"}, "at": "2026-12-01T09:30:00.123456+00:00", "event_id": "01M8S10000000000000000000B", "evidence": {"review": {"reference": "review-WP01-cycle1-1a2b3c4d", "reviewer": "Zo\u00eb Reviewer", "verdict": "approved"}}, "execution_mode": "worktree", "force": false, "from_lane": "in_review", "mission_id": "01M8RCK176SECR64016WF4N3AM", "mission_slug": "coord-3wp-01M8RCK1", "policy_metadata": {"agent_family": "claude", "approval_mode": "full_auto", "dangerous_flags": [], "network_mode": "none", "orchestrator_id": "spec-kitty-orchestrator", "orchestrator_version": "0.1.3", "sandbox_mode": "workspace_write", "tool_restrictions": null}, "reason": "Review approved by 'Zo\u00eb Reviewer' \u2014 \u2713", "review_ref": "review-WP01-cycle1-1a2b3c4d", "review_result": {"reference": "review-WP01-cycle1-1a2b3c4d", "reviewer": "Zo\u00eb Reviewer", "verdict": "approved"}, "to_lane": "done", "wp_id": "WP01"}`,
  },
  {
    input:
      '{"event_id": "01M8S10000000000000000000C", "mission_slug": "coord-3wp-01M8RCK1", "wp_id": "WP01", "from_lane": "in_review", "to_lane": "in_progress", "at": "2026-12-01T09:12:00.000000+00:00", "actor": "codex", "force": false, "execution_mode": "worktree", "reason": "Review rejected; rework required", "review_ref": "feedback-WP01-cycle1-5e6f7a8b", "evidence": null, "policy_metadata": {"orchestrator_id": "spec-kitty-orchestrator", "orchestrator_version": "0.1.3", "agent_family": "claude", "approval_mode": "full_auto", "sandbox_mode": "workspace_write", "network_mode": "none", "dangerous_flags": [], "tool_restrictions": null, "hostname": "dev-box", "nested": {"developer_email": "a@b.c", "keep": [{"workspace_path": "/x", "ok": 1}]}}, "review_result": {"reviewer": "codex", "verdict": "changes_requested", "reference": "feedback-WP01-cycle1-5e6f7a8b", "feedback_path": "kitty-specs/coord-3wp-01M8RCK1/feedback/WP01-cycle1.md"}, "mission_id": "01M8RCK176SECR64016WF4N3AM"}',
    python: String.raw`{"actor": "codex", "at": "2026-12-01T09:12:00.000000+00:00", "event_id": "01M8S10000000000000000000C", "evidence": null, "execution_mode": "worktree", "force": false, "from_lane": "in_review", "mission_id": "01M8RCK176SECR64016WF4N3AM", "mission_slug": "coord-3wp-01M8RCK1", "policy_metadata": {"agent_family": "claude", "approval_mode": "full_auto", "dangerous_flags": [], "nested": {"keep": [{"ok": 1}]}, "network_mode": "none", "orchestrator_id": "spec-kitty-orchestrator", "orchestrator_version": "0.1.3", "sandbox_mode": "workspace_write", "tool_restrictions": null}, "reason": "Review rejected; rework required", "review_ref": "feedback-WP01-cycle1-5e6f7a8b", "review_result": {"feedback_path": "kitty-specs/coord-3wp-01M8RCK1/feedback/WP01-cycle1.md", "reference": "feedback-WP01-cycle1-5e6f7a8b", "reviewer": "codex", "verdict": "changes_requested"}, "to_lane": "in_progress", "wp_id": "WP01"}`,
  },
  {
    input:
      '{"event_id": "01M8S10000000000000000000D", "mission_slug": "coord-3wp-01M8RCK1", "wp_id": "WP02", "from_lane": "planned", "to_lane": "blocked", "at": "2026-12-01T09:13:00Z", "actor": "spec-kitty-orchestrator", "force": false, "execution_mode": "worktree", "reason": "All implementation agents exhausted", "review_ref": null, "evidence": null, "policy_metadata": null}',
    python: String.raw`{"actor": "spec-kitty-orchestrator", "at": "2026-12-01T09:13:00Z", "event_id": "01M8S10000000000000000000D", "evidence": null, "execution_mode": "worktree", "force": false, "from_lane": "planned", "mission_slug": "coord-3wp-01M8RCK1", "policy_metadata": null, "reason": "All implementation agents exhausted", "review_ref": null, "to_lane": "blocked", "wp_id": "WP02"}`,
  },
];

/** Annotation rows as written by the original (`InnerStateChanged.to_dict()`, sanitised). */
export const ANNOTATION_LINES: readonly { readonly input: string; readonly python: string }[] = [
  {
    input:
      '{"event_id": "01M8S20000000000000000000A", "kind": "annotation", "wp_id": "WP01", "at": "2026-12-01T09:01:00.000000+00:00", "actor": "claude", "delta": {"note": "- [2026-12-01T09:01:00Z] claude: Starting implementation with agent \'claude\' (retry #0)"}}',
    python: String.raw`{"actor": "claude", "at": "2026-12-01T09:01:00.000000+00:00", "delta": {"note": "- [2026-12-01T09:01:00Z] claude: Starting implementation with agent 'claude' (retry #0)"}, "event_id": "01M8S20000000000000000000A", "kind": "annotation", "wp_id": "WP01"}`,
  },
  {
    input:
      '{"event_id": "01M8S20000000000000000000B", "kind": "annotation", "wp_id": "WP01", "at": "2026-12-01T09:02:00.000000+00:00", "actor": "claude", "delta": {"subtasks": {"T001": "done"}}}',
    python: String.raw`{"actor": "claude", "at": "2026-12-01T09:02:00.000000+00:00", "delta": {"subtasks": {"T001": "done"}}, "event_id": "01M8S20000000000000000000B", "kind": "annotation", "wp_id": "WP01"}`,
  },
  {
    input:
      '{"event_id": "01M8S20000000000000000000C", "kind": "annotation", "wp_id": "WP01", "at": "2026-12-01T09:03:00.000000+00:00", "actor": {"role": "reviewer", "profile": "reviewer-default", "tool": "claude", "model": null}, "delta": {"agent": "", "model": "claude-opus", "role": "implementer", "shell_pid": 0, "subtasks": {"T002": "done"}, "tracker_refs": ["GH-1"], "workspace_path": "/home/zoë/repo", "review": {"at": "", "actor": "", "wp_id": "", "reason": ""}, "release_runtime_claim": true}}',
    python: String.raw`{"actor": {"model": null, "profile": "reviewer-default", "role": "reviewer", "tool": "claude"}, "at": "2026-12-01T09:03:00.000000+00:00", "delta": {"agent": "", "model": "claude-opus", "release_runtime_claim": true, "review": {"actor": "", "at": "", "reason": "", "wp_id": ""}, "role": "implementer", "shell_pid": 0, "subtasks": {"T002": "done"}, "tracker_refs": ["GH-1"]}, "event_id": "01M8S20000000000000000000C", "kind": "annotation", "wp_id": "WP01"}`,
  },
];

/**
 * A mission log: the fixture's seed rows, then lane events and annotations of WP01–WP03, in the
 * original's line format.
 */
export const SCENARIO_LOG_LINES: readonly string[] = [
  ...FIXTURE_COORD_LOG_LINES,
  String.raw`{"actor": "spec-kitty-orchestrator", "at": "2026-12-01T09:00:00.000000+00:00", "event_id": "01M8S30000000000000000000A", "evidence": null, "execution_mode": "worktree", "force": false, "from_lane": "planned", "mission_id": "01M8RCK176SECR64016WF4N3AM", "mission_slug": "coord-3wp-01M8RCK1", "policy_metadata": {"agent": "claude", "agent_family": "claude", "approval_mode": "full_auto", "dangerous_flags": [], "network_mode": "none", "orchestrator_id": "spec-kitty-orchestrator", "orchestrator_version": "0.1.3", "sandbox_mode": "workspace_write", "shell_pid": 4242, "tool_restrictions": null}, "reason": null, "review_ref": null, "to_lane": "claimed", "wp_id": "WP01"}`,
  String.raw`{"actor": "spec-kitty-orchestrator", "at": "2026-12-01T09:00:00.000100+00:00", "event_id": "01M8S30000000000000000000B", "evidence": null, "execution_mode": "worktree", "force": false, "from_lane": "claimed", "mission_id": "01M8RCK176SECR64016WF4N3AM", "mission_slug": "coord-3wp-01M8RCK1", "policy_metadata": {"agent_family": "claude", "approval_mode": "full_auto", "dangerous_flags": [], "network_mode": "none", "orchestrator_id": "spec-kitty-orchestrator", "orchestrator_version": "0.1.3", "sandbox_mode": "workspace_write", "tool_restrictions": null}, "reason": null, "review_ref": null, "to_lane": "in_progress", "wp_id": "WP01"}`,
  String.raw`{"actor": "spec-kitty-orchestrator", "at": "2026-12-01T09:01:00.000000+00:00", "delta": {"note": "- [2026-12-01T09:01:00Z] spec-kitty-orchestrator: Starting implementation with agent 'claude'"}, "event_id": "01M8S30000000000000000000C", "kind": "annotation", "wp_id": "WP01"}`,
  String.raw`{"actor": "claude", "at": "2026-12-01T09:02:00.000000+00:00", "delta": {"subtasks": {"T001": "done"}}, "event_id": "01M8S30000000000000000000D", "kind": "annotation", "wp_id": "WP01"}`,
  String.raw`{"actor": "claude", "at": "2026-12-01T09:03:00.000000+00:00", "delta": {"agent": "", "model": "claude-opus", "subtasks": {"T001": "done", "T002": "done"}}, "event_id": "01M8S30000000000000000000E", "kind": "annotation", "wp_id": "WP01"}`,
  String.raw`{"actor": "human", "at": "2026-12-01T09:05:00.000000+00:00", "delta": {"tracker_refs": ["GH-1", "GH-2"]}, "event_id": "01M8S30000000000000000000F", "kind": "annotation", "wp_id": "WP02"}`,
  String.raw`{"actor": "human", "at": "2026-12-01T09:06:00.000000+00:00", "delta": {"tracker_refs": ["GH-2", "GH-3"]}, "event_id": "01M8S30000000000000000000G", "kind": "annotation", "wp_id": "WP02"}`,
  String.raw`{"actor": "human", "at": "2026-12-01T09:07:00.000000+00:00", "delta": {"release_runtime_claim": true}, "event_id": "01M8S30000000000000000000H", "kind": "annotation", "wp_id": "WP03"}`,
  String.raw`{"actor": "spec-kitty-orchestrator", "at": "2026-12-01T09:10:00.000000+00:00", "event_id": "01M8S30000000000000000000J", "evidence": null, "execution_mode": "worktree", "force": false, "from_lane": "in_progress", "mission_id": "01M8RCK176SECR64016WF4N3AM", "mission_slug": "coord-3wp-01M8RCK1", "policy_metadata": {"agent_family": "claude", "approval_mode": "full_auto", "dangerous_flags": [], "network_mode": "none", "orchestrator_id": "spec-kitty-orchestrator", "orchestrator_version": "0.1.3", "sandbox_mode": "workspace_write", "tool_restrictions": null}, "reason": "Implementation by 'claude' complete", "review_ref": null, "to_lane": "for_review", "wp_id": "WP01"}`,
  String.raw`{"actor": "codex", "at": "2026-12-01T09:11:00.000000+00:00", "event_id": "01M8S30000000000000000000K", "evidence": null, "execution_mode": "worktree", "force": false, "from_lane": "for_review", "mission_id": "01M8RCK176SECR64016WF4N3AM", "mission_slug": "coord-3wp-01M8RCK1", "policy_metadata": {"agent_family": "claude", "approval_mode": "full_auto", "dangerous_flags": [], "network_mode": "none", "orchestrator_id": "spec-kitty-orchestrator", "orchestrator_version": "0.1.3", "sandbox_mode": "workspace_write", "tool_restrictions": null}, "reason": "Started review via action command", "review_ref": "review-WP01-cycle1-1a2b3c4d", "to_lane": "in_review", "wp_id": "WP01"}`,
  String.raw`{"actor": "codex", "at": "2026-12-01T09:12:00.000000+00:00", "event_id": "01M8S30000000000000000000M", "evidence": null, "execution_mode": "worktree", "force": false, "from_lane": "in_review", "mission_id": "01M8RCK176SECR64016WF4N3AM", "mission_slug": "coord-3wp-01M8RCK1", "policy_metadata": {"agent_family": "claude", "approval_mode": "full_auto", "dangerous_flags": [], "network_mode": "none", "orchestrator_id": "spec-kitty-orchestrator", "orchestrator_version": "0.1.3", "sandbox_mode": "workspace_write", "tool_restrictions": null}, "reason": "Review rejected; rework required", "review_ref": "feedback-WP01-cycle1-5e6f7a8b", "review_result": {"feedback_path": "kitty-specs/coord-3wp-01M8RCK1/feedback/WP01-cycle1.md", "reference": "feedback-WP01-cycle1-5e6f7a8b", "reviewer": "codex", "verdict": "changes_requested"}, "to_lane": "in_progress", "wp_id": "WP01"}`,
];

/**
 * `status.json` for {@link SCENARIO_LOG_LINES} (mission_number and mission_type `""`), as the
 * original's reducer rules give it: written by CPython from the expected snapshot.
 */
export const SCENARIO_STATUS_JSON =
  '{\n  "event_count": 8,\n  "last_event_id": "01M8S30000000000000000000M",\n  "materialized_at": "2026-12-01T09:12:00.000000+00:00",\n  "mission_number": "",\n  "mission_slug": "coord-3wp-01M8RCK1",\n  "mission_type": "",\n  "summary": {\n    "approved": 0,\n    "blocked": 0,\n    "canceled": 0,\n    "claimed": 0,\n    "done": 0,\n    "for_review": 0,\n    "in_progress": 1,\n    "in_review": 0,\n    "planned": 2\n  },\n  "work_packages": {\n    "WP01": {\n      "actor": "codex",\n      "agent": "claude",\n      "force_count": 0,\n      "lane": "in_progress",\n      "last_event_id": "01M8S30000000000000000000M",\n      "last_transition_at": "2026-12-01T09:12:00.000000+00:00",\n      "model": "claude-opus",\n      "notes": [\n        "- [2026-12-01T09:01:00Z] spec-kitty-orchestrator: Starting implementation with agent \'claude\'"\n      ],\n      "review_result": {\n        "feedback_path": "kitty-specs/coord-3wp-01M8RCK1/feedback/WP01-cycle1.md",\n        "reference": "feedback-WP01-cycle1-5e6f7a8b",\n        "reviewer": "codex",\n        "verdict": "changes_requested"\n      },\n      "shell_pid": 4242,\n      "subtasks": {\n        "T001": "done",\n        "T002": "done"\n      }\n    },\n    "WP02": {\n      "actor": "finalize-tasks",\n      "force_count": 0,\n      "lane": "planned",\n      "last_event_id": "01M8RCN4HR6W3P3TH26Q2MTXFF",\n      "last_transition_at": "2026-12-01T08:48:31.801032+00:00",\n      "tracker_refs": [\n        "GH-1",\n        "GH-2",\n        "GH-3"\n      ]\n    },\n    "WP03": {\n      "actor": "finalize-tasks",\n      "agent": null,\n      "force_count": 0,\n      "lane": "planned",\n      "last_event_id": "01M8RCN4PNNFA3NFTWBFN0MWMB",\n      "last_transition_at": "2026-12-01T08:48:31.957850+00:00",\n      "shell_pid": null,\n      "shell_pid_created_at": null\n    }\n  }\n}\n';

/** `json.dumps(json.loads(input), sort_keys=True, indent=2, ensure_ascii=False)`. */
export const INDENTED_GOLDENS: readonly { readonly input: string; readonly python: string }[] = [
  {
    input: '{"b": [1, 2.5, null, true, false], "a": {}, "c": [], "d": {"z": {"y": []}}}',
    python:
      '{\n  "a": {},\n  "b": [\n    1,\n    2.5,\n    null,\n    true,\n    false\n  ],\n  "c": [],\n  "d": {\n    "z": {\n      "y": []\n    }\n  }\n}',
  },
  {
    input:
      '{"\\u00e9": "Zo\\u00eb \\u65e5\\u672c \\ud83d\\ude00", "\\u2028": "line\\u2028sep", "ctl": "\\u0000\\u001f\\u007f", "quote": "\\" \\\\ / \\n\\t\\r\\b\\f"}',
    python:
      '{\n  "ctl": "\\u0000\\u001f",\n  "quote": "\\" \\\\ / \\n\\t\\r\\b\\f",\n  "é": "Zoë 日本 😀",\n  " ": "line sep"\n}',
  },
  {
    input: '[1e-07, 0.1, 123456.789, -2.5e-10, 1.5e+300, 9007199254740991, -7, 0]',
    python:
      '[\n  1e-07,\n  0.1,\n  123456.789,\n  -2.5e-10,\n  1.5e+300,\n  9007199254740991,\n  -7,\n  0\n]',
  },
  {
    input: '{"\\ufffd": 1, "\\ud83d\\ude00": 2, "a": 3, "B": 4, "": 5, "\\u00e9": 6}',
    python: '{\n  "": 5,\n  "B": 4,\n  "a": 3,\n  "é": 6,\n  "�": 1,\n  "😀": 2\n}',
  },
  {
    input: '[{"b": 1, "a": [{}]}, [], [[]], "x"]',
    python:
      '[\n  {\n    "a": [\n      {}\n    ],\n    "b": 1\n  },\n  [],\n  [\n    []\n  ],\n  "x"\n]',
  },
  { input: '"\\u65e5\\u672c"', python: '"日本"' },
  { input: '3', python: '3' },
  { input: 'null', python: 'null' },
  { input: 'true', python: 'true' },
  { input: '[]', python: '[]' },
  { input: '{}', python: '{}' },
];
