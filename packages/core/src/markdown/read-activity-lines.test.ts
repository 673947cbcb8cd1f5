import { describe, expect, it } from 'vitest';
import { insertActivityLine, readActivityLines } from './activity-log.js';

describe('readActivityLines', () => {
  it('reads the section insertActivityLine writes, up to the next level-1/2 heading', () => {
    const text = '---\ntitle: x\n---\n# WP01\n\n## Activity Log\n\n- a\n\n- b\n## Next\n- c\n';
    expect(readActivityLines(text)).toEqual(['- a', '- b']);
    expect(readActivityLines(insertActivityLine(text, '- new'))).toEqual(['- a', '- b', '- new']);
  });

  it('ignores a heading in the frontmatter or in a code fence, and answers [] without a section', () => {
    expect(readActivityLines('---\n## Activity Log\n---\n# WP\n- x\n')).toEqual([]);
    expect(readActivityLines('```\n## Activity Log\n- x\n```\n')).toEqual([]);
    expect(readActivityLines('# WP\n')).toEqual([]);
    expect(readActivityLines('')).toEqual([]);
  });
});
