/** The outcome of splitting a command line. */
export type WordsResult = { ok: true; words: string[] } | { ok: false; message: string };

/**
 * Splits a command string into arguments the way compose does (POSIX shell quoting, no
 * expansion): `sh -c 'echo "hi there"'` -> `["sh", "-c", "echo \"hi there\""]`.
 */
export function splitShellWords(input: string): WordsResult {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: "'" | '"' | null = null;
  for (let i = 0; i < input.length; i += 1) {
    const ch = input.charAt(i);
    if (quote === "'") {
      if (ch === "'") quote = null;
      else word += ch;
    } else if (quote === '"') {
      if (ch === '"') {
        quote = null;
      } else if (ch === '\\' && i + 1 < input.length && '"\\$`\n'.includes(input.charAt(i + 1))) {
        i += 1;
        if (input.charAt(i) !== '\n') word += input.charAt(i);
      } else {
        word += ch;
      }
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      inWord = true;
    } else if (ch === '\\') {
      if (i + 1 >= input.length) return { ok: false, message: 'ends with a lone backslash' };
      i += 1;
      if (input.charAt(i) !== '\n') word += input.charAt(i);
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += ch;
      inWord = true;
    }
  }
  if (quote !== null) return { ok: false, message: `has an unclosed ${quote === "'" ? 'single' : 'double'} quote` };
  if (inWord) words.push(word);
  return { ok: true, words };
}
