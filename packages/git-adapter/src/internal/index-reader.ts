/** One entry of a git index, as stored. */
export interface IndexRecord {
  readonly path: string;
  readonly oid: string;
  readonly mode: number;
  readonly stage: number;
  readonly ctimeSeconds: number;
  readonly ctimeNanoseconds: number;
  readonly mtimeSeconds: number;
  readonly mtimeNanoseconds: number;
  readonly size: number;
  /** git's skip-worktree bit (a sparse checkout keeps the path out of the working tree). */
  readonly skipWorktree: boolean;
}

/**
 * Parse a git index (versions 2, 3 and 4). Returns `undefined` for what it does not handle
 * (another version, a split or sparse index), so callers can fall back to isomorphic-git.
 */
export function parseIndex(buffer: Buffer): IndexRecord[] | undefined {
  if (buffer.length < 12 || buffer.toString('latin1', 0, 4) !== 'DIRC') return undefined;
  const version = buffer.readUInt32BE(4);
  if (version < 2 || version > 4) return undefined;
  const count = buffer.readUInt32BE(8);
  const records: IndexRecord[] = [];
  let position = 12;
  let previousPath = '';
  for (let index = 0; index < count; index++) {
    const start = position;
    const flags = buffer.readUInt16BE(start + 60);
    const extended = version >= 3 && (flags & 0x4000) !== 0;
    const extendedFlags = extended ? buffer.readUInt16BE(start + 62) : 0;
    position = start + 62 + (extended ? 2 : 0);
    let path: string;
    if (version === 4) {
      let byte = buffer[position++] as number;
      let strip = byte & 0x7f;
      while (byte & 0x80) {
        byte = buffer[position++] as number;
        strip = ((strip + 1) << 7) | (byte & 0x7f);
      }
      const end = buffer.indexOf(0, position);
      path =
        previousPath.slice(0, previousPath.length - strip) + buffer.toString('utf8', position, end);
      position = end + 1;
    } else {
      const nameStart = position;
      const end = buffer.indexOf(0, nameStart);
      path = buffer.toString('utf8', nameStart, end);
      position = start + ((62 + (extended ? 2 : 0) + (end - nameStart) + 8) & ~7);
    }
    previousPath = path;
    records.push({
      path,
      oid: buffer.toString('hex', start + 40, start + 60),
      mode: buffer.readUInt32BE(start + 24),
      stage: (flags >> 12) & 3,
      ctimeSeconds: buffer.readUInt32BE(start),
      ctimeNanoseconds: buffer.readUInt32BE(start + 4),
      mtimeSeconds: buffer.readUInt32BE(start + 8),
      mtimeNanoseconds: buffer.readUInt32BE(start + 12),
      size: buffer.readUInt32BE(start + 36),
      skipWorktree: (extendedFlags & 0x4000) !== 0,
    });
  }
  // Extensions: a split index (`link`) or a sparse index (`sdir`) keeps entries elsewhere.
  while (position + 8 <= buffer.length - 20) {
    const signature = buffer.toString('latin1', position, position + 4);
    if (signature === 'link' || signature === 'sdir') return undefined;
    position += 8 + buffer.readUInt32BE(position + 4);
  }
  return records;
}
