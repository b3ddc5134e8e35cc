package io.radshift.alert;

import io.radshift.avro.AlertKind;
import io.radshift.avro.EffectSeverity;
import io.radshift.avro.Evidence;
import io.radshift.avro.Severity;
import io.radshift.avro.TestResult;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * One material test of one window (significant after correction and beyond its tolerance, {@code drift} in the
 * WindowSummary), as the incident lifecycle keeps it: the numbers an on-call engineer reads in the incident's
 * evidence.
 *
 * @param kind            what the test watches ({@link AlertKinds#of(String)})
 * @param test            test name as in the WindowSummary
 * @param label           label, metadata field or quality feature; null for whole-site tests
 * @param statistic       test statistic
 * @param threshold       calibrated threshold, where the test has one
 * @param effectSize      effect size
 * @param effectSizeName  what the effect size measures
 * @param effectTolerance practical tolerance of the effect size; null where the test has none
 * @param adjustedPValue  p-value after the window's multiple-testing correction, where the test has one
 * @param severity        WARNING or CRITICAL, from the size of the effect
 */
public record Finding(AlertKind kind, String test, String label, double statistic, Double threshold, double effectSize,
                      String effectSizeName, Double effectTolerance, Double adjustedPValue, Severity severity) {

    /**
     * Standard errors by which a material test's effect must clear its tolerance to count as an incident's
     * evidence: its one-sided 84% lower confidence bound, not only its estimate, beyond the tolerance. The
     * window's verdict keeps the estimate (the detection table's power is the window's); a page also needs the
     * confidence. A cohort that sits a little inside a tolerance (kermany's unseen patients: 0.26 sd in saturated
     * fraction against 0.5) otherwise crosses it in some windows by sampling noise alone and pages a stable site;
     * changes worth a page clear it by many standard errors (BENCHMARKS.md, Alerts).
     */
    public static final double MARGIN_STANDARD_ERRORS = 1.0;

    private static final char SEPARATOR = '\u001f';

    /**
     * The finding of a material test result. A result marked {@code drift} without an effect severity (a summary
     * written before severities existed) is a WARNING: material, of unknown size.
     */
    public static Finding of(final TestResult t) {
        if (!t.getDrift()) {
            throw new IllegalArgumentException("test " + t.getTest() + " is not material");
        }
        final Severity severity = t.getSeverity() == EffectSeverity.CRITICAL ? Severity.CRITICAL : Severity.WARNING;
        return new Finding(AlertKinds.of(t.getTest()), t.getTest(), t.getLabel(), t.getStatistic(), t.getThreshold(),
                t.getEffectSize(), t.getEffectSizeName(), t.getEffectTolerance(), t.getAdjustedPValue(), severity);
    }

    /**
     * Whether a material test result is evidence for an incident: its effect beyond the tolerance by more than
     * {@link #MARGIN_STANDARD_ERRORS} standard errors. Results without a standard error or a tolerance (the
     * dead-letter and silence limits, summaries written before standard errors existed) count as they are.
     */
    public static boolean clearsTolerance(final TestResult t) {
        if (t.getEffectStandardError() == null || t.getEffectTolerance() == null) {
            return true;
        }
        // A material one-sided or squared-scale effect is positive, a two-sided one may be negative.
        final double lowerBound = Math.abs(t.getEffectSize()) - MARGIN_STANDARD_ERRORS * t.getEffectStandardError();
        return lowerBound > t.getEffectTolerance();
    }

    /** The identity of the test within an incident: test name and label. */
    public String key() {
        return label == null ? test : test + SEPARATOR + label;
    }

    /** "mmd2-rff" or "score-psi(Pneumothorax)", for one-line texts. */
    public String name() {
        return label == null ? test : test + "(" + label + ")";
    }

    /**
     * The effect in units of its tolerance (|effect| / tolerance), by which evidence is ranked; null when the test
     * has no positive tolerance.
     */
    public Double toleranceRatio() {
        return effectTolerance == null || !(effectTolerance > 0) ? null : Math.abs(effectSize) / effectTolerance;
    }

    /** The Avro evidence record, with the severity the incident holds for this test. */
    Evidence toEvidence(final Severity held) {
        return Evidence.newBuilder().setKind(kind).setTest(test).setLabel(label).setEffectSize(effectSize)
                .setEffectSizeName(effectSizeName).setEffectTolerance(effectTolerance).setAdjustedPValue(adjustedPValue)
                .setSeverity(held).build();
    }

    void write(final DataOutputStream out) throws IOException {
        out.writeUTF(kind.name());
        out.writeUTF(test);
        writeNullable(out, label);
        out.writeDouble(statistic);
        writeNullable(out, threshold);
        out.writeDouble(effectSize);
        out.writeUTF(effectSizeName);
        writeNullable(out, effectTolerance);
        writeNullable(out, adjustedPValue);
        out.writeUTF(severity.name());
    }

    static Finding read(final DataInputStream in) throws IOException {
        return new Finding(AlertKind.valueOf(in.readUTF()), in.readUTF(), readNullableString(in), in.readDouble(),
                readNullableDouble(in), in.readDouble(), in.readUTF(), readNullableDouble(in), readNullableDouble(in),
                Severity.valueOf(in.readUTF()));
    }

    private static void writeNullable(final DataOutputStream out, final String value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeUTF(value);
        }
    }

    private static void writeNullable(final DataOutputStream out, final Double value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeDouble(value);
        }
    }

    private static String readNullableString(final DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    private static Double readNullableDouble(final DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readDouble() : null;
    }
}
