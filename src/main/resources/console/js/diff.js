/**
 * A line diff by longest common subsequence: [{op: ' ' | '-' | '+', line}], lines of `before` then `after` order.
 * Quadratic in lines, which is fine for prompt definitions (tens to hundreds of lines).
 */
export function lineDiff(beforeText, afterText) {
  const a = beforeText.split('\n');
  const b = afterText.split('\n');
  const lcs = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const out = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push({ op: ' ', line: a[i++] });
      j++;
    } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
      out.push({ op: '-', line: a[i++] });
    } else {
      out.push({ op: '+', line: b[j++] });
    }
  }
  while (i < a.length) {
    out.push({ op: '-', line: a[i++] });
  }
  while (j < b.length) {
    out.push({ op: '+', line: b[j++] });
  }
  return out;
}
