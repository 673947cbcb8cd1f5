import { err } from 'neverthrow';
import { describe, expect, it } from 'vitest';
import { makePolicy } from '../../test/fixtures.js';
import {
  BANNED_DANGEROUS_FLAGS,
  REQUIRED_POLICY_FIELDS,
  SECRET_PATTERN,
  isPolicyPresent,
  jsonDepth,
  parsePolicy,
} from './policy.js';

const errorsOf = (input: unknown): readonly string[] => {
  const error = parsePolicy(input)._unsafeUnwrapErr();
  expect(error.code).toBe('POLICY_VALIDATION_FAILED');
  if (error.code !== 'POLICY_VALIDATION_FAILED') return [];
  expect(error.message).toBe(`Policy validation failed: ${error.details.errors.join('; ')}`);
  return error.details.errors;
};

describe('REQUIRED_POLICY_FIELDS', () => {
  it('lists the seven fields of the contract', () => {
    expect([...REQUIRED_POLICY_FIELDS].sort()).toEqual([
      'agent_family',
      'approval_mode',
      'dangerous_flags',
      'network_mode',
      'orchestrator_id',
      'orchestrator_version',
      'sandbox_mode',
    ]);
  });
});

describe('parsePolicy: presence', () => {
  it.each([undefined, null, '', '   ', '\n\t'])('%j is POLICY_METADATA_REQUIRED', (input) => {
    expect(isPolicyPresent(input)).toBe(false);
    expect(parsePolicy(input)).toEqual(
      err({
        code: 'POLICY_METADATA_REQUIRED',
        message: 'This command requires --policy metadata',
        details: {},
      }),
    );
  });

  it.each([['{}'], ['null'], ['0'], [{}], [[]], [0], [false]])(
    '%j counts as present and is validated',
    (input) => {
      expect(isPolicyPresent(input)).toBe(true);
      expect(parsePolicy(input)._unsafeUnwrapErr().code).toBe('POLICY_VALIDATION_FAILED');
    },
  );
});

describe('parsePolicy: validation', () => {
  it('returns a valid JSON policy', () => {
    const text = JSON.stringify(makePolicy());
    expect(parsePolicy(text)._unsafeUnwrap()).toEqual(makePolicy());
  });

  it('returns the stored policy of an object input: a copy with only the eight stored fields', () => {
    const policy = makePolicy({ extra: { nested: [1, 'two'] }, tool_restrictions: 'no-net' });
    const stored = parsePolicy(policy)._unsafeUnwrap();
    expect(stored).not.toBe(policy);
    expect(stored).toEqual(makePolicy({ tool_restrictions: 'no-net' }));
    expect(stored.dangerous_flags).not.toBe(policy.dangerous_flags);
    expect(policy).toHaveProperty('extra'); // the input is left alone
  });

  it('stores the seven fields and tool_restrictions in that order, whatever the input order', () => {
    const text = '{"zeta":1,' + JSON.stringify(makePolicy()).slice(1);
    expect(Object.keys(parsePolicy(text)._unsafeUnwrap())).toEqual([
      ...REQUIRED_POLICY_FIELDS,
      'tool_restrictions',
    ]);
  });

  it('takes tool_restrictions as a string or null, null when absent (CONTRACT-1.3.md §4)', () => {
    const { tool_restrictions: _, ...withoutRestrictions } = makePolicy();
    expect(parsePolicy(withoutRestrictions)._unsafeUnwrap().tool_restrictions).toBeNull();
    expect(
      parsePolicy(makePolicy({ tool_restrictions: null }))._unsafeUnwrap().tool_restrictions,
    ).toBeNull();
    expect(
      parsePolicy(makePolicy({ tool_restrictions: 'none' }))._unsafeUnwrap().tool_restrictions,
    ).toBe('none');
    for (const tool_restrictions of [[], { deny: ['rm'] }, 3, false]) {
      expect(errorsOf(makePolicy({ tool_restrictions }))).toEqual([
        'tool_restrictions must be a string or null',
      ]);
    }
  });

  it('rejects text that is not JSON', () => {
    expect(errorsOf('{orchestrator_id: x}')).toEqual(['Policy is not valid JSON']);
  });

  it.each(['[]', '"policy"', '42', 'true', 'null'])('rejects the non-object JSON %s', (text) => {
    expect(errorsOf(text)).toEqual(['Policy must be a JSON object']);
  });

  it.each([[[]], [1], [true]])('rejects the non-object value %j', (value) => {
    expect(errorsOf(value)).toEqual(['Policy must be a JSON object']);
  });

  it.each(REQUIRED_POLICY_FIELDS)('rejects a policy without %s', (field) => {
    const { [field]: _, ...rest } = makePolicy();
    expect(errorsOf(JSON.stringify(rest))).toEqual([`Missing required field: ${field}`]);
  });

  it('counts a field present with a null value as present, but not as a string', () => {
    expect(errorsOf(makePolicy({ approval_mode: null }))).toEqual([
      'approval_mode must be a string',
    ]);
  });

  it.each([{}, 'none', null, 0])('rejects dangerous_flags %j (not an array)', (dangerous_flags) => {
    expect(errorsOf(makePolicy({ dangerous_flags }))).toEqual(['dangerous_flags must be an array']);
  });

  it('reports every problem at once, in a stable order', () => {
    const text = JSON.stringify({
      orchestrator_id: 'my-token-bot',
      dangerous_flags: 'all',
      nested: { list: ['ok', { pass: 'Password1' }] },
    });
    expect(errorsOf(text)).toEqual([
      'Missing required field: orchestrator_version',
      'Missing required field: agent_family',
      'Missing required field: approval_mode',
      'Missing required field: sandbox_mode',
      'Missing required field: network_mode',
      'dangerous_flags must be an array',
      'Secret-like value rejected at orchestrator_id',
      'Secret-like value rejected at nested.list[1].pass',
    ]);
  });
});

describe('parsePolicy: the 1.3 rules (CONTRACT-1.3.md §4)', () => {
  const STRING_FIELDS = REQUIRED_POLICY_FIELDS.filter((field) => field !== 'dangerous_flags');

  it.each(
    STRING_FIELDS.flatMap((field) =>
      [7, true, [], {}, null].map((value) => [field, value] as const),
    ),
  )('rejects a non-string %s (%j)', (field, value) => {
    expect(errorsOf(makePolicy({ [field]: value }))).toEqual([`${field} must be a string`]);
  });

  it('rejects non-string dangerous_flags entries, naming each by index', () => {
    expect(errorsOf(makePolicy({ dangerous_flags: ['--ok', 3, null, ['x']] }))).toEqual([
      'dangerous_flags[1] must be a string',
      'dangerous_flags[2] must be a string',
      'dangerous_flags[3] must be a string',
    ]);
  });

  it.each(BANNED_DANGEROUS_FLAGS)('rejects the banned flag %s', (flag) => {
    expect(errorsOf(makePolicy({ dangerous_flags: ['--sandbox', flag] }))).toEqual([
      `dangerous_flags contains a banned flag: ${flag}`,
    ]);
  });

  it('bans exactly the four flags of the contract, matched exactly', () => {
    expect([...BANNED_DANGEROUS_FLAGS].sort()).toEqual([
      '--dangerously-bypass-approvals-and-sandbox',
      '--dangerously-skip-permissions',
      '--full-auto',
      '--yolo',
    ]);
    const near = ['--YOLO', ' --yolo', '--yolo=1', '--full-automatic', 'yolo'];
    expect(
      parsePolicy(makePolicy({ dangerous_flags: near }))._unsafeUnwrap().dangerous_flags,
    ).toEqual(near);
  });

  it('accepts the policy the 0.1.3 client sends, and stores it as it is', () => {
    const client = {
      orchestrator_id: 'spec-kitty-orchestrator',
      orchestrator_version: '0.1.3',
      agent_family: 'claude',
      approval_mode: 'full_auto',
      sandbox_mode: 'workspace_write',
      network_mode: 'none',
      dangerous_flags: [],
      tool_restrictions: null,
    };
    expect(parsePolicy(JSON.stringify(client))._unsafeUnwrap()).toEqual(client);
  });

  it('names the path of a secret-like value, never the value', () => {
    const error = parsePolicy(
      makePolicy({ dangerous_flags: ['--api-key=s3cr3t'] }),
    )._unsafeUnwrapErr();
    expect(error.message).toBe(
      'Policy validation failed: Secret-like value rejected at dangerous_flags[0]',
    );
    expect(JSON.stringify(error)).not.toContain('s3cr3t');
  });
});

describe('parsePolicy: secret-like values', () => {
  it.each(['token', 'SECRET', 'api_key', 'Password', 'credentials', 'x-Token-y', 'keyboard'])(
    'rejects a string value containing %j',
    (word) => {
      expect(errorsOf(makePolicy({ agent_family: word }))).toEqual([
        'Secret-like value rejected at agent_family',
      ]);
    },
  );

  it('looks at every depth, inside arrays and objects', () => {
    const policy = makePolicy({
      dangerous_flags: ['--sandbox', '--password=hunter2'],
      tool_restrictions: 'no secrets here',
      extra: { allow: [['read', { note: 'uses a TOKEN' }]] },
    });
    expect(errorsOf(policy)).toEqual([
      'Secret-like value rejected at dangerous_flags[1]',
      'Secret-like value rejected at tool_restrictions',
      'Secret-like value rejected at extra.allow[0][1].note',
    ]);
  });

  it('looks at string values only, not at keys, numbers or booleans', () => {
    const policy = makePolicy({ api_key_present: true, token_count: 3, secret: null, keys: [] });
    expect(parsePolicy(policy).isOk()).toBe(true);
  });

  it('uses the contract pattern, case-insensitively', () => {
    expect(SECRET_PATTERN.flags).toContain('i');
    expect(
      ['token', 'secret', 'key', 'password', 'credential'].every((word) =>
        SECRET_PATTERN.test(word.toUpperCase()),
      ),
    ).toBe(true);
    expect(SECRET_PATTERN.test('tok en')).toBe(false);
  });
});

describe('policy nesting', () => {
  it('rejects a hostile, deeply nested policy as invalid instead of overflowing the stack', () => {
    let nested: unknown = 'x';
    for (let level = 0; level < 30_000; level++) nested = [nested];
    const policy = {
      orchestrator_id: 'o',
      orchestrator_version: '1',
      agent_family: 'f',
      approval_mode: 'm',
      sandbox_mode: 's',
      network_mode: 'n',
      dangerous_flags: [],
      tool_restrictions: null,
      extra: nested,
    };
    const result = parsePolicy(policy);
    expect(result._unsafeUnwrapErr().code).toBe('POLICY_VALIDATION_FAILED');
    expect(result._unsafeUnwrapErr().details).toEqual({
      errors: ['Policy is nested more than 64 levels deep'],
    });
  });

  it('measures depth iteratively', () => {
    expect(jsonDepth('x')).toBe(0);
    expect(jsonDepth({ a: [1, { b: 2 }] })).toBe(3);
  });
});
