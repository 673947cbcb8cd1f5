import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { readConfigSection } from './config-section.js';

const SECTION = 'orchestrator_api';

/** What the full parser says the section is (`{}` when absent), for comparison. */
function viaYaml(text: string): unknown {
  const value = (parse(text) ?? {}) as Record<string, unknown>;
  return value[SECTION] === undefined ? {} : value[SECTION];
}

describe('readConfigSection', () => {
  it.each([
    'orchestrator_api:\n  claim_ttl: 30m\n',
    'orchestrator_api:\n  claim_ttl: 30m # half an hour\n',
    'orchestrator_api:\n    claim_ttl: "2h"\n    other: x\n',
    "orchestrator_api:\n  claim_ttl: '90s'\n",
    'orchestrator_api:\n  claim_ttl: 45\n',
    'orchestrator_api:\n  claim_ttl: 1.5\n',
    'orchestrator_api: { claim_ttl: 30m }\n',
    'orchestrator_api: {claim_ttl: 30m, other: y2}\n',
    'orchestrator_api: {}\n',
    'agents:\n  available:\n    - claude\n    - codex\norchestrator_api:\n  claim_ttl: 1h30m\nvcs:\n  type: git\n',
    '# config\nagents: [claude]\n\norchestrator_api:\n\n  # leases\n  claim_ttl: 10m\n',
    'agents:\n  available: [claude]\n',
  ])('agrees with yaml on %j', (text) => {
    const fast = readConfigSection(text, SECTION);
    expect(fast).toBeDefined();
    expect(fast).toEqual(viaYaml(text));
  });

  it.each([
    'orchestrator_api:\n  claim_ttl: true\n',
    'orchestrator_api:\n  claim_ttl: null\n',
    'orchestrator_api:\n  claim_ttl: yes\n',
    'orchestrator_api:\n  claim_ttl: ~\n',
    'orchestrator_api:\n  claim_ttl:\n    nested: 1\n',
    'orchestrator_api:\n  claim_ttl: [1, 2]\n',
    'orchestrator_api:\n  claim_ttl: "a\\"b"\n',
    'orchestrator_api:\n  claim_ttl: 30m\n  claim_ttl: 1h\n',
    'orchestrator_api:\n  claim_ttl: 30m\n   other: x\n',
    'orchestrator_api:\n\tclaim_ttl: 30m\n',
    'orchestrator_api:\n',
    'orchestrator_api: 30m\n',
    'orchestrator_api: {\n  claim_ttl: 30m }\n',
    'orchestrator_api: &a { claim_ttl: 30m }\n',
    '"orchestrator_api":\n  claim_ttl: 30m\n',
    'orchestrator_api:\n  claim_ttl: 30m\norchestrator_api:\n  claim_ttl: 1h\n',
    'orchestrator_api:\n  claim_ttl: 0x10\n',
    'orchestrator_api:\n  claim_ttl: 010\n',
    'orchestrator_api:\n  claim_ttl: 1e3\n',
    '---\norchestrator_api:\n  claim_ttl: 30m\n',
    'orchestrator_api:\r\n  claim_ttl: 30m\r\n',
  ])('hands %j to yaml', (text) => {
    expect(readConfigSection(text, SECTION)).toBeUndefined();
  });
});
