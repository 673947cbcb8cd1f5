import { err } from 'neverthrow';
import { describe, expect, it } from 'vitest';
import { makePolicy } from '../../test/fixtures.js';
import {
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

  it('returns an object input verbatim (same object, extra keys kept)', () => {
    const policy = makePolicy({ extra: { nested: [1, 'two'] }, tool_restrictions: ['no-net'] });
    expect(parsePolicy(policy)._unsafeUnwrap()).toBe(policy);
  });

  it('keeps extra keys and key order of a JSON policy', () => {
    const text = '{"zeta":1,' + JSON.stringify(makePolicy()).slice(1);
    expect(Object.keys(parsePolicy(text)._unsafeUnwrap())[0]).toBe('zeta');
  });

  it('treats tool_restrictions as optional, whatever its shape', () => {
    for (const tool_restrictions of [undefined, null, [], { deny: ['rm'] }, 'none']) {
      const policy =
        tool_restrictions === undefined ? makePolicy() : makePolicy({ tool_restrictions });
      expect(parsePolicy(policy).isOk()).toBe(true);
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

  it('counts a field present with a null value as present', () => {
    expect(parsePolicy(makePolicy({ approval_mode: null })).isOk()).toBe(true);
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
      dangerous_flags: ['--yolo', '--password=hunter2'],
      tool_restrictions: { allow: [['read', { note: 'uses a TOKEN' }]] },
    });
    expect(errorsOf(policy)).toEqual([
      'Secret-like value rejected at dangerous_flags[1]',
      'Secret-like value rejected at tool_restrictions.allow[0][1].note',
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
      tool_restrictions: nested,
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
