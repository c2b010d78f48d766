// Exact decimal sums of the report's cost strings: BigInt counts of 1e-10 USD, the ledger's own scale.
const SCALE = 10;

/** "0.000235" -> 2350000n (units of 1e-10 USD). */
export function units(decimal) {
  const text = String(decimal ?? '0').trim();
  const negative = text.startsWith('-');
  const [whole, fraction = ''] = text.replace(/^[-+]/, '').split('.');
  const value = BigInt((whole || '0') + fraction.padEnd(SCALE, '0').slice(0, SCALE));
  return negative ? -value : value;
}

/** 2350000n -> "0.000235" (no exponent, trailing zeros dropped). */
export function decimal(count) {
  const negative = count < 0n;
  const digits = (negative ? -count : count).toString().padStart(SCALE + 1, '0');
  const whole = digits.slice(0, -SCALE);
  const fraction = digits.slice(-SCALE).replace(/0+$/, '');
  return (negative ? '-' : '') + whole + (fraction ? `.${fraction}` : '');
}

/** For charts and progress bars only (display), never for sums. */
export const approx = (count) => Number(count) / 10 ** SCALE;
