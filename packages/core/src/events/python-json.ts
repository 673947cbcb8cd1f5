/**
 * Python's `json.dumps` spellings, so the files we write are byte-identical to the originals':
 * the event log (`sort_keys=True`, default separators, ASCII only) and `status.json`
 * (`sort_keys=True, indent=2, ensure_ascii=False`).
 */
/**
 * Serialise any JSON value exactly as Python's `json.dumps(value, sort_keys=True)` does: keys
 * sorted, `", "` and `": "` separators, every character outside printable ASCII escaped as
 * `\uXXXX` (astral characters as surrogate pairs), keys ordered by code point, non-integral numbers
 * as Python's `repr(float)` (`1e-07`, `1e+16`).
 *
 * Precisely: the output equals Python's `json.dumps(json.loads(JSON.stringify(value)),
 * sort_keys=True)`. One gap is unavoidable once a text has gone through `JSON.parse`: Python keeps
 * `1.0`/`1e16` (floats) apart from `1`/`10000000000000000` (ints), and ints beyond 2^53 exactly;
 * we write integral numbers below 1e21 as ints.
 *
 * @example
 * ```ts
 * pythonJsonDumps({ b: 1, a: 'é' }); // '{"a": "\\u00e9", "b": 1}'
 * ```
 */
export function pythonJsonDumps(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      return pythonNumber(value);
    case 'string':
      return pythonString(value);
    case 'bigint':
      return value.toString(); // what Python writes for an int of any size
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((item) => pythonJsonDumps(item)).join(', ')}]`;
      // Like JSON.stringify: members that JSON cannot hold are left out of objects…
      const entries = Object.entries(value as Record<string, unknown>)
        .filter(([, item]) => !isUnrepresentable(item))
        .sort(([left], [right]) => compareCodePoints(left, right));
      return `{${entries.map(([key, item]) => `${pythonString(key)}: ${pythonJsonDumps(item)}`).join(', ')}}`;
    }
    case 'undefined':
    case 'function':
    case 'symbol':
    default:
      return 'null'; // …and written as null elsewhere.
  }
}

function isUnrepresentable(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

function pythonNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  // Python reads `JSON.stringify`'s spelling: integers below 1e21 are written as digits, which
  // Python reads as an int and writes back unchanged; everything else becomes a Python float.
  if (Number.isInteger(value) && Math.abs(value) < 1e21) return String(value);
  return pythonFloatRepr(value);
}

/**
 * Python's `repr(float)`: the shortest round-trip digits (the same digits as JavaScript), written
 * positionally when the decimal exponent is in [-4, 16), else as `d.ddde±XX` (two-digit exponent).
 */
function pythonFloatRepr(value: number): string {
  const [mantissa = '', exponentText = '0'] = value.toExponential().split('e');
  const exponent = Number(exponentText);
  const negative = mantissa.startsWith('-');
  const digitsOnly = mantissa.replace('-', '').replace('.', '');
  const sign = negative ? '-' : '';
  if (exponent < -4 || exponent >= 16) {
    const fraction = digitsOnly.length > 1 ? `.${digitsOnly.slice(1)}` : '';
    const exponentSign = exponent < 0 ? '-' : '+';
    return `${sign}${digitsOnly[0] ?? ''}${fraction}e${exponentSign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digitsOnly}`;
  const integerPart = digitsOnly.slice(0, exponent + 1).padEnd(exponent + 1, '0');
  const fractionPart = digitsOnly.slice(exponent + 1);
  return `${sign}${integerPart}.${fractionPart === '' ? '0' : fractionPart}`;
}

/**
 * Order keys as Python sorts `str`: by code point. UTF-16 order differs from code-point order only
 * when a surrogate meets a character in U+E000–U+FFFF, so compare code points at the first
 * difference.
 */
function compareCodePoints(left: string, right: string): number {
  const length = Math.min(left.length, right.length);
  for (let index = 0; index < length; index++) {
    const a = left.charCodeAt(index);
    const b = right.charCodeAt(index);
    if (a !== b) {
      if (a < 0xd800 && b < 0xd800) return a - b;
      return (left.codePointAt(index) as number) - (right.codePointAt(index) as number);
    }
  }
  return left.length - right.length;
}

/** Characters Python's `json.dumps(ensure_ascii=True)` writes as `\uXXXX` after JSON.stringify. */
const NON_ASCII = /[\u007f-\uffff]/g;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

function pythonString(value: string): string {
  // JSON.stringify already writes `\"`, `\\`, `\n`, `\r`, `\t`, `\b`, `\f`, `\u00XX` for the other
  // control characters and `\udXXX` for lone surrogates, all in Python's spelling. What is left is
  // DEL and non-ASCII, which Python escapes as lowercase `\uXXXX` per UTF-16 code unit.
  const json = JSON.stringify(value);
  if (PRINTABLE_ASCII.test(json)) return json;
  return json.replace(
    NON_ASCII,
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * Serialise a JSON value as Python's `json.dumps(value, sort_keys=True, indent=2,
 * ensure_ascii=False)` does (how both original hosts write `status.json`): two-space indentation,
 * `,` at line ends and `": "` after keys, `{}` and `[]` for empty containers, keys sorted by code
 * point, non-ASCII characters kept.
 *
 * @example
 * ```ts
 * pythonJsonDumpsIndented({ b: [1], a: {} }); // '{\n  "a": {},\n  "b": [\n    1\n  ]\n}'
 * ```
 */
export function pythonJsonDumpsIndented(value: unknown, indent = '  ', level = 0): string {
  if (value === null || value === undefined || typeof value !== 'object') {
    return typeof value === 'string' ? JSON.stringify(value) : pythonJsonDumps(value);
  }
  const inner = indent.repeat(level + 1);
  const outer = indent.repeat(level);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const items = value.map(
      (item) => `${inner}${pythonJsonDumpsIndented(item, indent, level + 1)}`,
    );
    return `[\n${items.join(',\n')}\n${outer}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => !isUnrepresentable(item))
    .sort(([left], [right]) => compareCodePoints(left, right));
  if (entries.length === 0) return '{}';
  const members = entries.map(
    ([key, item]) =>
      `${inner}${JSON.stringify(key)}: ${pythonJsonDumpsIndented(item, indent, level + 1)}`,
  );
  return `{\n${members.join(',\n')}\n${outer}}`;
}
