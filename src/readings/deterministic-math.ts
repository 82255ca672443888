/**
 * `Math.log`, `Math.cos` and friends may differ in their last bit between JavaScript engines
 * (ECMAScript leaves their precision to the implementation). The generator must give the same
 * readings everywhere, so it uses these versions, built only from `+ - * /` and `Math.sqrt`, which
 * IEEE 754 defines exactly. Fixed iteration counts keep them exact-to-the-bit reproducible.
 */

// Constants are exact doubles, the same everywhere; only the functions vary between engines.
const LN2 = Math.LN2
const PI = Math.PI
const TWO_PI = 2 * Math.PI
const HALF_PI = Math.PI / 2
const SQRT2 = Math.SQRT2
const SQRT1_2 = Math.SQRT1_2

/** Natural logarithm of a positive finite number. */
export function lnDeterministic(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) throw new RangeError(`ln of ${x}`)
  let exponent = 0
  let mantissa = x
  // Scale into [sqrt(1/2), sqrt(2)) (multiplying by 2 is exact), so that numbers near 1 keep
  // their relative precision: no ln 2 is added and taken away again.
  while (mantissa >= SQRT2) {
    mantissa /= 2
    exponent++
  }
  while (mantissa < SQRT1_2) {
    mantissa *= 2
    exponent--
  }
  // ln(m) = 2 atanh(t), t = (m - 1) / (m + 1), |t| <= 0.172: 20 terms reach double precision.
  const t = (mantissa - 1) / (mantissa + 1)
  const t2 = t * t
  let term = t
  let sum = 0
  for (let k = 0; k < 20; k++) {
    sum += term / (2 * k + 1)
    term *= t2
  }
  return 2 * sum + exponent * LN2
}

/** Cosine, for arguments of moderate size (the generator only passes angles within a few turns). */
export function cosDeterministic(x: number): number {
  let r = x - TWO_PI * Math.round(x / TWO_PI)
  // Fold into [0, pi/2] with cos(-r) = cos(r) and cos(pi - r) = -cos(r).
  if (r < 0) r = -r
  let sign = 1
  if (r > HALF_PI) {
    r = PI - r
    sign = -1
  }
  // Taylor series; 14 terms are far below double precision for |r| <= pi/2.
  const r2 = r * r
  let term = 1
  let sum = 1
  for (let k = 1; k < 14; k++) {
    term *= -r2 / ((2 * k - 1) * (2 * k))
    sum += term
  }
  return sign * sum
}

/**
 * A standard normal variate from two uniforms in (0, 1) (Box-Muller), computed with the
 * deterministic functions above.
 */
export function boxMuller(u1: number, u2: number): number {
  const safeU1 = u1 > 0 ? u1 : Number.MIN_VALUE
  return Math.sqrt(-2 * lnDeterministic(safeU1)) * cosDeterministic(TWO_PI * u2)
}
