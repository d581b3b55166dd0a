/** The warning after a crash says, in words, which runs continue where the stopped process left them. */
import { describe, expect, it } from 'vitest';
import { takeOverInWords } from './graphile-runner.js';

describe('takeOverInWords', () => {
  it('names the continuations, one or many', () => {
    expect(takeOverInWords([7])).toBe('1 run stopped when the process running it stopped answering (crash, deploy or kill); continuing it as run 7; what was in flight is settled from its journal');
    expect(takeOverInWords([7, 8])).toMatch(/^2 runs stopped when the process running them stopped answering .*continuing them as run 7, 8;/);
  });
});
