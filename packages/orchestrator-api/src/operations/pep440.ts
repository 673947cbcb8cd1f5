/** A parsed PEP 440 version (what the original host compares provider versions with). */
export interface Pep440Version {
  readonly epoch: number;
  readonly release: readonly number[];
  /** `[rank, number]`: a=0, b=1, rc=2. */
  readonly pre: readonly [number, number] | null;
  readonly post: number | null;
  readonly dev: number | null;
}

const PATTERN =
  /^\s*v?(?:(\d+)!)?(\d+(?:\.\d+)*)(?:[-_.]?(a|b|c|rc|alpha|beta|pre|preview)[-_.]?(\d+)?)?(?:-(\d+)|[-_.]?(post|rev|r)[-_.]?(\d+)?)?(?:[-_.]?(dev)[-_.]?(\d+)?)?(?:\+[a-z0-9]+(?:[-_.][a-z0-9]+)*)?\s*$/i;

const PRE_RANK: Readonly<Record<string, number>> = {
  a: 0,
  alpha: 0,
  b: 1,
  beta: 1,
  c: 2,
  rc: 2,
  pre: 2,
  preview: 2,
};

/**
 * Parse a PEP 440 version (`0.1.3`, `v1.0`, `1.0.0rc1`, `0.2.dev3`, `1!2.0+local`), or `null`.
 *
 * @example
 * ```ts
 * parsePep440('0.1.3')?.release; // [0, 1, 3]
 * parsePep440('banana');         // null
 * ```
 */
export function parsePep440(text: string): Pep440Version | null {
  const match = PATTERN.exec(text);
  if (match === null) return null;
  const [, epoch, release, preLabel, preNumber, postImplicit, postLabel, postNumber, devLabel] =
    match;
  const devNumber = match[9];
  const hasPost = postImplicit !== undefined || postLabel !== undefined;
  const hasDev = devLabel !== undefined;
  return {
    epoch: epoch === undefined ? 0 : Number(epoch),
    release: (release as string).split('.').map(Number),
    pre:
      preLabel === undefined
        ? null
        : [PRE_RANK[preLabel.toLowerCase()] ?? 0, preNumber === undefined ? 0 : Number(preNumber)],
    post: hasPost ? Number(postImplicit ?? postNumber ?? 0) : null,
    dev: hasDev ? Number(devNumber ?? 0) : null,
  };
}

/** `< 0`, `0` or `> 0` as PEP 440 orders the two versions. */
export function comparePep440(left: Pep440Version, right: Pep440Version): number {
  if (left.epoch !== right.epoch) return left.epoch - right.epoch;
  const length = Math.max(left.release.length, right.release.length);
  for (let index = 0; index < length; index++) {
    const difference = (left.release[index] ?? 0) - (right.release[index] ?? 0);
    if (difference !== 0) return difference;
  }
  const preKey = (version: Pep440Version): readonly number[] => {
    if (version.pre !== null) return version.pre;
    // A bare dev release sorts before the pre-releases of its release; a final after them.
    return version.post === null && version.dev !== null ? [-1, 0] : [3, 0];
  };
  const [leftRank, leftNumber] = preKey(left) as [number, number];
  const [rightRank, rightNumber] = preKey(right) as [number, number];
  if (leftRank !== rightRank) return leftRank - rightRank;
  if (leftNumber !== rightNumber) return leftNumber - rightNumber;
  const post = (left.post ?? -1) - (right.post ?? -1);
  if (post !== 0) return post;
  return (left.dev ?? Number.POSITIVE_INFINITY) - (right.dev ?? Number.POSITIVE_INFINITY) || 0;
}
