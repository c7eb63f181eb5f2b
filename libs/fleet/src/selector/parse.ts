import type { Requirement, Selector } from './selector.js';

/*
 * Grammar (Kubernetes label selectors, one spelling per meaning so formatting round-trips;
 * unlike Kubernetes, `==` is refused: `=` is the only equality):
 *
 *   selector    := ε | requirement ("," requirement)*
 *   requirement := "!" key | key | key ("=" | "!=") value | key ("in" | "notin") "(" value ("," value)* ")"
 *
 * Whitespace between tokens is ignored. Positions in errors are 1-based characters.
 */

/** Why a selector was refused, with the 1-based position of the offending character. */
export interface SelectorError {
  readonly text: string;
  readonly position: number;
  /** Plain words for the user, e.g. `selector "site==berlin": unexpected "=" at position 6`. */
  readonly message: string;
}

/** The outcome of `parseSelector`: never thrown, because the text comes from users. */
export type SelectorResult = { readonly ok: true; readonly selector: Selector } | { readonly ok: false; readonly error: SelectorError };

/** A label name (the part after an optional `prefix/`), also the shape of a value: Kubernetes' rule. */
const NAME_PATTERN = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
/** A key's optional prefix: a DNS subdomain of at most 253 characters. */
const PREFIX_PATTERN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const WORD_CHAR = /[A-Za-z0-9._/-]/;

/** Whether `key` is a valid label key: `[prefix/]name`. */
export function isValidLabelKey(key: string): boolean {
  const slash = key.indexOf('/');
  if (slash === -1) return NAME_PATTERN.test(key);
  const prefix = key.slice(0, slash);
  return prefix.length <= 253 && PREFIX_PATTERN.test(prefix) && NAME_PATTERN.test(key.slice(slash + 1));
}

/** Whether `value` is a valid (non-empty) label value. */
export function isValidLabelValue(value: string): boolean {
  return NAME_PATTERN.test(value);
}

type Token =
  | { readonly kind: 'word'; readonly text: string; readonly position: number }
  | { readonly kind: '=' | '!=' | '!' | '(' | ')' | ','; readonly text: string; readonly position: number }
  | { readonly kind: 'end'; readonly text: ''; readonly position: number };

/** Thrown inside the parser only, and turned into a `SelectorResult` at its edge. */
class Refusal {
  constructor(
    readonly position: number,
    readonly reason: string,
  ) {}
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const char = text.charAt(i);
    const position = i + 1;
    if (/\s/.test(char)) {
      i += 1;
    } else if (WORD_CHAR.test(char)) {
      let end = i;
      while (end < text.length && WORD_CHAR.test(text.charAt(end))) end += 1;
      tokens.push({ kind: 'word', text: text.slice(i, end), position });
      i = end;
    } else if (char === '!' && text.charAt(i + 1) === '=') {
      tokens.push({ kind: '!=', text: '!=', position });
      i += 2;
    } else if (char === '=' || char === '!' || char === '(' || char === ')' || char === ',') {
      tokens.push({ kind: char, text: char, position });
      i += 1;
    } else {
      throw new Refusal(position, `unexpected ${JSON.stringify(char)}`);
    }
  }
  tokens.push({ kind: 'end', text: '', position: text.length + 1 });
  return tokens;
}

class Parser {
  private index = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  selector(): Selector {
    if (this.peek().kind === 'end') return [];
    const requirements = [this.requirement()];
    while (this.peek().kind === ',') {
      this.index += 1;
      requirements.push(this.requirement());
    }
    this.expect('end');
    return requirements;
  }

  private requirement(): Requirement {
    if (this.peek().kind === '!') {
      this.index += 1;
      return { op: '!exists', key: this.key() };
    }
    const key = this.key();
    const next = this.peek();
    if (next.kind === '=' || next.kind === '!=') {
      this.index += 1;
      return { op: next.kind, key, value: this.value() };
    }
    if (next.kind === 'word' && (next.text === 'in' || next.text === 'notin')) {
      this.index += 1;
      return { op: next.text, key, values: this.set() };
    }
    return { op: 'exists', key };
  }

  private set(): string[] {
    this.expect('(');
    const values = [this.value()];
    while (this.peek().kind === ',') {
      this.index += 1;
      values.push(this.value());
    }
    this.expect(')');
    return values;
  }

  private key(): string {
    const token = this.expect('word');
    if (!isValidLabelKey(token.text)) throw new Refusal(token.position, `invalid label key ${JSON.stringify(token.text)}`);
    return token.text;
  }

  private value(): string {
    const token = this.expect('word');
    if (!isValidLabelValue(token.text)) throw new Refusal(token.position, `invalid label value ${JSON.stringify(token.text)}`);
    return token.text;
  }

  private expect(kind: Token['kind']): Token {
    const token = this.peek();
    if (token.kind !== kind) {
      const found = token.kind === 'end' ? 'end of selector' : JSON.stringify(token.text);
      throw new Refusal(token.position, `unexpected ${found}`);
    }
    this.index += 1;
    return token;
  }

  private peek(): Token {
    // The tokenizer always ends with an `end` token and nothing reads past it.
    const token = this.tokens[Math.min(this.index, this.tokens.length - 1)];
    if (token === undefined) throw new Error('selector tokenizer produced no end token');
    return token;
  }
}

/** Parses a label selector such as `site=berlin, tier in (edge, core), !lab`; never throws. */
export function parseSelector(text: string): SelectorResult {
  try {
    return { ok: true, selector: new Parser(tokenize(text)).selector() };
  } catch (caught) {
    if (!(caught instanceof Refusal)) throw caught;
    const message = `selector ${JSON.stringify(text)}: ${caught.reason} at position ${caught.position}`;
    return { ok: false, error: { text, position: caught.position, message } };
  }
}
