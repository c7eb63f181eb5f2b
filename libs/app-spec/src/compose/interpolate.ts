import type { PathSegment } from '../issues.js';
import { entriesOf, isRecord } from '../records.js';
import type { ImportContext } from './context.js';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

interface Scan {
  text: string;
  end: number;
}

// Finds the `}` closing a `${` at `start`, allowing nested `${...}` in defaults.
function closingBrace(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i += 1) {
    if (text.startsWith('${', i)) {
      depth += 1;
      i += 1;
    } else if (text[i] === '}') {
      depth -= 1;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/**
 * Substitutes `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?error}`,
 * `${VAR:+alt}` and `$$` in one string, as docker compose does with its .env file.
 */
export function interpolateString(
  input: string,
  env: Readonly<Record<string, string>>,
  ctx: ImportContext,
  at: readonly PathSegment[],
): string {
  let out = '';
  let i = 0;
  while (i < input.length) {
    const dollar = input.indexOf('$', i);
    if (dollar < 0) {
      out += input.slice(i);
      break;
    }
    out += input.slice(i, dollar);
    const next = input[dollar + 1];
    if (next === '$') {
      out += '$';
      i = dollar + 2;
    } else if (next === '{') {
      const scan = braced(input, dollar, env, ctx, at);
      out += scan.text;
      i = scan.end;
    } else {
      const name = NAME.exec(input.slice(dollar + 1))?.[0];
      if (name === undefined) {
        out += '$';
        i = dollar + 1;
      } else {
        out += lookup(name, env, ctx, at);
        i = dollar + 1 + name.length;
      }
    }
  }
  return out;
}

function lookup(name: string, env: Readonly<Record<string, string>>, ctx: ImportContext, at: readonly PathSegment[]): string {
  const value = env[name];
  if (value !== undefined) return value;
  ctx.warn(at, `variable ${name} is not set; using an empty string (pass it in the import's env)`);
  return '';
}

function braced(
  input: string,
  dollar: number,
  env: Readonly<Record<string, string>>,
  ctx: ImportContext,
  at: readonly PathSegment[],
): Scan {
  const close = closingBrace(input, dollar);
  if (close < 0) {
    ctx.error(at, `${JSON.stringify(input)} has a \${ without its closing }`);
    return { text: '', end: input.length };
  }
  const body = input.slice(dollar + 2, close);
  const name = NAME.exec(body)?.[0];
  if (name === undefined) {
    ctx.error(at, `\${${body}} is not a valid variable reference`);
    return { text: '', end: close + 1 };
  }
  const rest = body.slice(name.length);
  const value = env[name];
  const operator = /^(:?[-?+])/.exec(rest)?.[1];
  if (operator === undefined) {
    if (rest !== '') ctx.error(at, `\${${body}} is not a valid variable reference`);
    return { text: lookup(name, env, ctx, at), end: close + 1 };
  }
  const word = () => interpolateString(rest.slice(operator.length), env, ctx, at);
  // With a colon, an empty value counts as unset, as in the shell.
  const isSet = operator.startsWith(':') ? value !== undefined && value !== '' : value !== undefined;
  switch (operator.replace(':', '')) {
    case '-':
      return { text: isSet ? (value ?? '') : word(), end: close + 1 };
    case '+':
      return { text: isSet ? word() : '', end: close + 1 };
    default: {
      if (!isSet) {
        const reason = word();
        ctx.error(at, `variable ${name} is required${reason === '' ? '' : `: ${reason}`} (pass it in the import's env)`);
      }
      return { text: value ?? '', end: close + 1 };
    }
  }
}

/** Interpolates every string value (never keys) of a compose document. */
export function interpolate(
  value: unknown,
  env: Readonly<Record<string, string>>,
  ctx: ImportContext,
  at: PathSegment[] = [],
): unknown {
  if (typeof value === 'string') return value.includes('$') ? interpolateString(value, env, ctx, at) : value;
  if (Array.isArray(value)) return value.map((item: unknown, index) => interpolate(item, env, ctx, [...at, index]));
  if (isRecord(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of entriesOf(value)) {
      // Extension fields are often templates for anchors; compose leaves them alone too.
      out[key] = key.startsWith('x-') ? item : interpolate(item, env, ctx, [...at, key]);
    }
    return out;
  }
  return value;
}
