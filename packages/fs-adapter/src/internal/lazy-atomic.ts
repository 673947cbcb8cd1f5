// write-file-atomic, loaded on the first whole-file rewrite (see lazy-modules.ts).
import writeFileAtomic from 'write-file-atomic';

export { writeFileAtomic };
