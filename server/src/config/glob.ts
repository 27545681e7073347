// Glob patterns of the project file's `include` and `exclude`, matched against paths relative
// to the project file's folder, with '/' between folders:
//   *   any run of characters within one folder name     ?  one such character
//   **  any number of whole folders                      [abc], [a-z], [!abc]  one of a set
//   {a,b} either one
// A pattern with no '/' matches a name at any depth (as in .gitignore); a pattern that names a
// folder also matches everything under it.

export function globToRegExp(pattern: string): RegExp {
  let p = pattern.replace(/\\/g, '/');
  if (p.startsWith('./')) p = p.slice(2);
  const anywhere = !p.replace(/\/$/, '').includes('/');
  p = p.replace(/\/+$/, '');
  let re = '';
  let braces = 0;
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '*') {
      if (p[i + 1] === '*') {
        const before = i === 0 || p[i - 1] === '/';
        const after = i + 2 === p.length || p[i + 2] === '/';
        if (before && after) {
          // '**/' : zero or more folders; a final '**': everything below.
          if (i + 2 === p.length) re += '.*';
          else { re += '(?:[^/]*/)*'; i++; }
          i++;
          continue;
        }
        i++;
      }
      re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const close = p.indexOf(']', i + 2);
      if (close === -1) { re += '\\['; continue; }
      let set = p.slice(i + 1, close).replace(/\\/g, '\\\\');
      if (set.startsWith('!')) set = '^' + set.slice(1);
      re += `[${set}]`;
      i = close;
    } else if (c === '{') { braces++; re += '(?:'; }
    else if (c === '}' && braces > 0) { braces--; re += ')'; }
    else if (c === ',' && braces > 0) re += '|';
    else re += c.replace(/[.+^$()|\\/]/g, '\\$&');
  }
  while (braces-- > 0) re += ')';
  return new RegExp(`^${anywhere ? '(?:.*/)?' : ''}${re}(?:/.*)?$`);
}

export function matchesAny(relativePath: string, patterns: readonly RegExp[]): boolean {
  const p = relativePath.replace(/\\/g, '/');
  return patterns.some((re) => re.test(p));
}
