import { describe, expect, it } from 'vitest';
import { splitShellWords } from './shell-words.js';

describe('splitShellWords', () => {
  it.each([
    ['npm start', ['npm', 'start']],
    ['  spaced   out  ', ['spaced', 'out']],
    [`sh -c 'echo "hi there"'`, ['sh', '-c', 'echo "hi there"']],
    ['echo "a \\"quoted\\" word"', ['echo', 'a "quoted" word']],
    ['echo a\\ b', ['echo', 'a b']],
    ['echo "" x', ['echo', '', 'x']],
    ['echo $HOME', ['echo', '$HOME']],
    ['', []],
  ])('splits %j like a POSIX shell without expansion', (input, words) => {
    expect(splitShellWords(input)).toEqual({ ok: true, words });
  });

  it('refuses an unclosed quote', () => {
    expect(splitShellWords(`echo 'oops`)).toEqual({ ok: false, message: 'has an unclosed single quote' });
    expect(splitShellWords('echo "oops')).toEqual({ ok: false, message: 'has an unclosed double quote' });
  });
});
