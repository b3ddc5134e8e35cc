package io.radshift.stats.drift;

/**
 * Practical tolerances of one effect size: an effect beyond {@code tolerance} is material (a significant test
 * with it is drift, severity WARNING), beyond {@code critical} it is CRITICAL. Both are on the scale of the
 * test's effect size and compared with its magnitude (a one-sided or squared-scale effect only counts upwards).
 *
 * @param tolerance smallest material effect (exclusive), at least 0
 * @param critical  smallest critical effect (exclusive), at least {@code tolerance}
 */
public record Tolerance(double tolerance, double critical) {

    /** Validates. */
    public Tolerance {
        if (!(tolerance >= 0) || !Double.isFinite(tolerance) || !(critical >= tolerance)
            || !Double.isFinite(critical)) {
            throw new IllegalArgumentException("need 0 <= tolerance <= critical, both finite; got tolerance "
                + tolerance + ", critical " + critical);
        }
    }

    /** Whether an effect of this magnitude is beyond the tolerance. */
    public boolean exceededBy(final double magnitude) {
        return magnitude > tolerance;
    }

    /** Severity of a significant effect of this magnitude. */
    public EffectSeverity severity(final double magnitude) {
        if (magnitude > critical) {
            return EffectSeverity.CRITICAL;
        }
        return magnitude > tolerance ? EffectSeverity.WARNING : EffectSeverity.NONE;
    }

    /**
     * This band raised to a tolerance derived from the reference: {@code derived} becomes the tolerance where it
     * is larger, and the critical tolerance keeps at least this band's ratio of critical to tolerance.
     */
    public Tolerance raisedTo(final double derived) {
        if (!(derived > tolerance)) {
            return this;
        }
        final double ratio = tolerance > 0 ? critical / tolerance : 1;
        return new Tolerance(derived, Math.max(critical, derived * ratio));
    }
}
