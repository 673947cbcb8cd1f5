import { describe, expect, it } from 'vitest';
import { insertActivityLine } from './activity-log.js';

const entry = '- [2026-02-23T18:03:22Z] claude: note';

describe('insertActivityLine', () => {
  it('appends after the last entry of the section, before trailing blank lines and the next section', () => {
    const text = '# WP\n\n## Activity Log\n\n- a\n- b\n\n\n## Next\nx\n';
    expect(insertActivityLine(text, entry)).toBe(
      `# WP\n\n## Activity Log\n\n- a\n- b\n${entry}\n\n\n## Next\nx\n`,
    );
  });

  it('treats level-3 headings as part of the section and a level-1 heading as its end', () => {
    const text = '## Activity Log\n- a\n### Details\n- d\n# Appendix\n';
    expect(insertActivityLine(text, entry)).toBe(
      `## Activity Log\n- a\n### Details\n- d\n${entry}\n# Appendix\n`,
    );
  });

  it('matches the heading case-insensitively, with closing hashes, but only at level 2', () => {
    expect(insertActivityLine('## activity log ##\n- a\n', entry)).toBe(
      `## activity log ##\n- a\n${entry}\n`,
    );
    expect(insertActivityLine('### Activity Log\n- a\n', entry)).toBe(
      `### Activity Log\n- a\n\n## Activity Log\n\n${entry}\n`,
    );
  });

  it('ignores a heading inside a code fence or inside the frontmatter', () => {
    const fenced = '# WP\n```\n## Activity Log\n```\n';
    expect(insertActivityLine(fenced, entry)).toBe(`${fenced}\n## Activity Log\n\n${entry}\n`);
    const frontmatter = '---\ntitle: x\n## Activity Log\n---\nBody\n';
    expect(insertActivityLine(frontmatter, entry)).toBe(
      `${frontmatter}\n## Activity Log\n\n${entry}\n`,
    );
  });

  it('creates the section right after a frontmatter-only file', () => {
    expect(insertActivityLine('---\ntitle: x\n---\n', entry)).toBe(
      `---\ntitle: x\n---\n## Activity Log\n\n${entry}\n`,
    );
    expect(insertActivityLine('---\ntitle: x\n---', entry)).toBe(
      `---\ntitle: x\n---\n## Activity Log\n\n${entry}`,
    );
    expect(insertActivityLine('', entry)).toBe(`## Activity Log\n\n${entry}\n`);
  });

  it('flattens line breaks in the entry so it cannot start a heading', () => {
    expect(insertActivityLine('## Activity Log\n', '- a\n## Injected\r\nb')).toBe(
      '## Activity Log\n\n- a ## Injected b\n',
    );
  });

  it('keeps a BOM and CRLF endings', () => {
    const text = '\uFEFF---\r\ntitle: x\r\n---\r\n## Activity Log\r\n- a\r\n';
    expect(insertActivityLine(text, entry)).toBe(
      `\uFEFF---\r\ntitle: x\r\n---\r\n## Activity Log\r\n- a\r\n${entry}\r\n`,
    );
  });
});
