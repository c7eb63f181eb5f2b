/** Resolves `.`, `..` and repeated slashes in an absolute POSIX path, so `/data/../etc` reads `/etc`. */
export function normalizePosixPath(path: string): string {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return `/${out.join('/')}`;
}

/** Joins a relative POSIX path onto an absolute base and normalises the result. */
export function joinPosixPath(base: string, relative: string): string {
  return normalizePosixPath(`${base}/${relative}`);
}

/** True if `path` is `prefix` or lies below it, segment by segment (`/data` covers `/data/x`, not `/database`). */
export function isUnderPath(path: string, prefix: string): boolean {
  const p = normalizePosixPath(path);
  const base = normalizePosixPath(prefix);
  return base === '/' || p === base || p.startsWith(`${base}/`);
}

/** True for a path starting at the root. */
export function isAbsolute(path: string): boolean {
  return path.startsWith('/');
}
