package io.radshift.stats.math;

/**
 * Distribution functions needed by the drift tests, implemented here because Java has no scipy: log-gamma
 * (Lanczos), the regularized incomplete gamma functions (series + Lentz continued fraction, Numerical Recipes
 * 3rd ed. section 6.2), the chi-squared and normal tails derived from them (erfc(x) = Q(1/2, x^2)), and exact
 * binomial tails summed in log space so that counts like 20 of 3,818 neither underflow nor lose precision.
 * Accuracy is about 1e-13 relative in the ranges used; tests compare with values computed independently.
 */
public final class Distributions {

    private static final double[] LANCZOS = {
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
        -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
        1.5056327351493116e-7};
    private static final double EPS = 1e-15;
    private static final int MAX_ITERATIONS = 10_000;
    private static final double TINY = 1e-300;
    /** Relative distance from the Newton estimate at which the chi-squared quantile checks both sides. */
    private static final double KNOWN_SIDE = 1e-10;

    private Distributions() {
    }

    /** ln Gamma(x) for x > 0 (Lanczos approximation, g = 7). */
    public static double logGamma(final double x) {
        if (x < 0.5) {
            // Reflection keeps the approximation in its accurate range.
            return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
        }
        final double z = x - 1;
        double sum = LANCZOS[0];
        final double t = z + 7.5;
        for (int i = 1; i < LANCZOS.length; i++) {
            sum += LANCZOS[i] / (z + i);
        }
        return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
    }

    /** Regularized upper incomplete gamma Q(a, x) = 1 - P(a, x), computed without cancellation. */
    public static double regularizedGammaQ(final double a, final double x) {
        checkGammaArguments(a, x);
        if (x == 0) {
            return 1;
        }
        return x < a + 1 ? 1 - gammaSeries(a, x) : gammaContinuedFraction(a, x);
    }

    private static void checkGammaArguments(final double a, final double x) {
        if (!(a > 0) || !(x >= 0)) {
            throw new IllegalArgumentException("incomplete gamma needs a > 0 and x >= 0, got a=" + a + ", x=" + x);
        }
    }

    private static double gammaSeries(final double a, final double x) {
        double term = 1 / a;
        double sum = term;
        for (int n = 1; n < MAX_ITERATIONS; n++) {
            term *= x / (a + n);
            sum += term;
            if (Math.abs(term) < Math.abs(sum) * EPS) {
                break;
            }
        }
        return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
    }

    private static double gammaContinuedFraction(final double a, final double x) {
        double b = x + 1 - a;
        double c = 1 / TINY;
        double d = 1 / b;
        double h = d;
        for (int i = 1; i < MAX_ITERATIONS; i++) {
            final double an = -i * (i - a);
            b += 2;
            d = an * d + b;
            d = Math.abs(d) < TINY ? TINY : d;
            c = b + an / c;
            c = Math.abs(c) < TINY ? TINY : c;
            d = 1 / d;
            final double delta = d * c;
            h *= delta;
            if (Math.abs(delta - 1) < EPS) {
                break;
            }
        }
        return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
    }

    /** Upper tail P(X >= x) of the chi-squared distribution with df degrees of freedom (df may be fractional). */
    public static double chiSquaredSurvival(final double x, final double df) {
        if (x <= 0) {
            return 1;
        }
        return regularizedGammaQ(df / 2, x / 2);
    }

    /**
     * Quantile of the chi-squared distribution: the x with chiSquaredSurvival(x, df) = upperTail, by bisection to
     * 1e-12 relative. Each step costs one incomplete gamma function, and a detector asks for a threshold per test
     * and window, so the steps whose outcome is already known are skipped: a few safeguarded Newton steps estimate
     * the quantile, the survival function is checked at 1e-10 on either side of the estimate, and a midpoint below
     * (above) that interval has survival above (not above) upperTail because the function falls. Only midpoints
     * inside it are computed; the bisection takes the same steps and returns bit for bit what it returned when it
     * computed every one. When the estimate cannot be confirmed every midpoint is computed, as before.
     */
    public static double chiSquaredUpperQuantile(final double upperTail, final double df) {
        double lo = 0;
        double hi = Math.max(1, df);
        while (chiSquaredSurvival(hi, df) > upperTail) {
            hi *= 2;
        }
        final double[] known = knownSides(upperTail, df, hi);
        for (int i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
            final double mid = 0.5 * (lo + hi);
            if (survivalAbove(mid, upperTail, df, known)) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }

    /** Whether chiSquaredSurvival(x, df) > upperTail, computed only where {@code known} does not say. */
    private static boolean survivalAbove(final double x, final double upperTail, final double df,
                                         final double[] known) {
        if (x <= known[0]) {
            return true;
        }
        if (x >= known[1]) {
            return false;
        }
        return chiSquaredSurvival(x, df) > upperTail;
    }

    /**
     * {below, above} with survival above upperTail at below and not above it at above, both computed, 1e-10
     * relative either side of a converged Newton estimate of the quantile (so both are far from it compared with
     * the survival function's rounding); {-inf, +inf}, which decides nothing, when the estimate is not confirmed.
     */
    private static double[] knownSides(final double upperTail, final double df, final double hi) {
        final double estimate = newtonQuantile(upperTail, df, hi);
        final double below = estimate * (1 - KNOWN_SIDE);
        final double above = estimate * (1 + KNOWN_SIDE);
        if (estimate > 0 && chiSquaredSurvival(below, df) > upperTail
            && !(chiSquaredSurvival(above, df) > upperTail)) {
            return new double[] {below, above};
        }
        return new double[] {Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY};
    }

    /**
     * Newton's method on chiSquaredSurvival(x, df) = upperTail inside [0, hi] (where the survival falls from 1 to at
     * most upperTail), halving the bracket whenever a step leaves it; NaN when it has not converged to 1e-12
     * relative within 60 steps.
     */
    private static double newtonQuantile(final double upperTail, final double df, final double hi) {
        final double a = df / 2;
        final double logNormaliser = a * Math.log(2) + logGamma(a);
        double lo = 0;
        double up = hi;
        double x = wilsonHilferty(upperTail, df);
        x = x > lo && x < up ? x : 0.5 * (lo + up);
        for (int i = 0; i < 60; i++) {
            final double survival = chiSquaredSurvival(x, df);
            if (survival > upperTail) {
                lo = x;
            } else {
                up = x;
            }
            final double density = Math.exp((a - 1) * Math.log(x) - x / 2 - logNormaliser);
            final double newton = x + (survival - upperTail) / density;
            final double next = newton > lo && newton < up ? newton : 0.5 * (lo + up);
            if (Math.abs(next - x) <= 1e-12 * x) {
                return next;
            }
            x = next;
        }
        return Double.NaN;
    }

    /**
     * Wilson-Hilferty's start for Newton: df (1 - 2/(9 df) + z sqrt(2/(9 df)))^3 with z from a rational
     * approximation of the normal quantile (Abramowitz and Stegun 26.2.23, within 4.5e-4); only a start.
     */
    private static double wilsonHilferty(final double upperTail, final double df) {
        final double tail = Math.min(upperTail, 1 - upperTail);
        final double t = Math.sqrt(-2 * Math.log(tail));
        final double z = t - (2.515517 + t * (0.802853 + t * 0.010328))
            / (1 + t * (1.432788 + t * (0.189269 + t * 0.001308)));
        final double signed = upperTail <= 0.5 ? z : -z;
        final double v = 2 / (9 * df);
        final double cube = 1 - v + signed * Math.sqrt(v);
        return df * cube * cube * cube;
    }

    /** Complementary error function erfc(x) = Q(1/2, x^2) for x >= 0, reflected for x < 0. */
    public static double erfc(final double x) {
        final double q = regularizedGammaQ(0.5, x * x);
        return x >= 0 ? q : 2 - q;
    }

    /** Standard normal upper tail P(Z >= z). */
    public static double normalSurvival(final double z) {
        return 0.5 * erfc(z / Math.sqrt(2));
    }

    /** Two-sided normal p-value P(|Z| >= |z|). */
    public static double normalTwoSided(final double z) {
        return Math.min(1, 2 * normalSurvival(Math.abs(z)));
    }

    /**
     * The z with P(Z >= z) = upperTail, by bisection on the accurate tail function. The bisection stops once lo and
     * hi are neighbouring doubles (after about 60 halvings, not 200): from there the midpoint rounds to lo or hi and
     * every further step leaves both where they are, so the result is bit for bit that of all 200 steps.
     */
    public static double normalUpperQuantile(final double upperTail) {
        if (!(upperTail > 0 && upperTail < 1)) {
            throw new IllegalArgumentException("tail probability must be in (0,1): " + upperTail);
        }
        double lo = -40;
        double hi = 40;
        for (int i = 0; i < 200; i++) {
            final double mid = 0.5 * (lo + hi);
            if (mid <= lo || mid >= hi) {
                break;
            }
            if (normalSurvival(mid) > upperTail) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }

    /** ln P(X = k) for X ~ Binomial(n, p); handles p = 0 and p = 1. */
    public static double binomialLogPmf(final long k, final long n, final double p) {
        if (k < 0 || k > n) {
            return Double.NEGATIVE_INFINITY;
        }
        if (p <= 0) {
            return k == 0 ? 0 : Double.NEGATIVE_INFINITY;
        }
        if (p >= 1) {
            return k == n ? 0 : Double.NEGATIVE_INFINITY;
        }
        return logChoose(n, k) + k * Math.log(p) + (n - k) * Math.log1p(-p);
    }

    private static double logChoose(final long n, final long k) {
        return logGamma(n + 1.0) - logGamma(k + 1.0) - logGamma(n - k + 1.0);
    }

    /** Exact upper tail P(X >= k) for X ~ Binomial(n, p), summed in log space. */
    public static double binomialUpperTail(final long k, final long n, final double p) {
        if (k <= 0) {
            return 1;
        }
        return Math.min(1, Math.exp(logSumPmf(k, n, n, p)));
    }

    /**
     * Exact two-sided binomial p-value by the "minimum likelihood" rule used by R's binom.test and scipy's
     * binomtest: the probability of all outcomes no more likely than the observed one (relative slack 1e-7
     * so that outcomes of equal probability are not lost to rounding).
     */
    public static double binomialTwoSided(final long k, final long n, final double p) {
        final double observed = binomialLogPmf(k, n, p);
        final double limit = observed + Math.log1p(1e-7);
        double max = Double.NEGATIVE_INFINITY;
        final double[] logs = new double[(int) n + 1];
        for (int i = 0; i <= n; i++) {
            logs[i] = binomialLogPmf(i, n, p);
            if (logs[i] <= limit) {
                max = Math.max(max, logs[i]);
            }
        }
        if (max == Double.NEGATIVE_INFINITY) {
            return 0;
        }
        double sum = 0;
        for (final double log : logs) {
            if (log <= limit) {
                sum += Math.exp(log - max);
            }
        }
        return Math.min(1, Math.exp(max + Math.log(sum)));
    }

    private static double logSumPmf(final long from, final long to, final long n, final double p) {
        double max = Double.NEGATIVE_INFINITY;
        for (long i = from; i <= to; i++) {
            max = Math.max(max, binomialLogPmf(i, n, p));
        }
        if (max == Double.NEGATIVE_INFINITY) {
            return max;
        }
        double sum = 0;
        for (long i = from; i <= to; i++) {
            sum += Math.exp(binomialLogPmf(i, n, p) - max);
        }
        return max + Math.log(sum);
    }

    /**
     * One-sided Fisher exact test that the proportion {@code x1 / n1} is lower than {@code x2 / n2}: given both
     * totals and the x1 + x2 successes, P(X <= x1) for X hypergeometric (x1 + x2 successes among n1 + n2, n1
     * drawn). Exact for small counts, where the normal approximation of the two-proportion z-test fails (rare
     * labels have few positives). 1 when either sample is empty.
     */
    public static double fisherExactLower(final long x1, final long n1, final long x2, final long n2) {
        if (x1 < 0 || x2 < 0 || x1 > n1 || x2 > n2) {
            throw new IllegalArgumentException("successes must lie in [0, n]: " + x1 + "/" + n1 + ", " + x2 + "/" + n2);
        }
        if (n1 == 0 || n2 == 0) {
            return 1;
        }
        final long total = n1 + n2;
        final long successes = x1 + x2;
        final long low = Math.max(0, n1 - (total - successes));
        final double norm = logChoose(total, n1);
        double max = Double.NEGATIVE_INFINITY;
        final double[] logs = new double[(int) (x1 - low + 1)];
        for (long k = low; k <= x1; k++) {
            logs[(int) (k - low)] = logChoose(successes, k) + logChoose(total - successes, n1 - k) - norm;
            max = Math.max(max, logs[(int) (k - low)]);
        }
        double sum = 0;
        for (final double log : logs) {
            sum += Math.exp(log - max);
        }
        return Math.min(1, Math.exp(max + Math.log(sum)));
    }

    /**
     * Wilson score interval for a binomial proportion x/n at two-sided confidence 1 - alpha. Never zero-width
     * for n > 0 (unlike the Wald interval at x = 0), which matters for rare labels.
     */
    public static double[] wilsonInterval(final long x, final long n, final double alpha) {
        if (n <= 0) {
            return new double[] {0, 1};
        }
        final double z = normalUpperQuantile(alpha / 2);
        final double phat = (double) x / n;
        final double z2n = z * z / n;
        final double centre = (phat + z2n / 2) / (1 + z2n);
        final double half = z * Math.sqrt(phat * (1 - phat) / n + z2n / (4.0 * n)) / (1 + z2n);
        return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
    }
}
