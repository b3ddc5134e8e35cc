package io.radshift.stats.drift;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Multiple-testing adjustments across the tests of one window. Holm controls the family-wise error rate
 * under any dependence (the tests of a window share studies, so they are dependent); Benjamini-Hochberg
 * controls the false discovery rate under positive dependence and has more power when many labels are tested.
 */
public final class MultipleTesting {

    /** Correction method; names match the WindowSummary.correction field. */
    public enum Correction {
        HOLM("holm"), BH("bh");

        private final String wireName;

        Correction(final String wireName) {
            this.wireName = wireName;
        }

        /** Lower-case name written to WindowSummary.correction. */
        public String wireName() {
            return wireName;
        }

        /** The correction named {@code holm} or {@code bh} (any case), as in configuration and on the CLI. */
        public static Correction parse(final String name) {
            for (Correction c : values()) {
                if (c.wireName.equalsIgnoreCase(name)) {
                    return c;
                }
            }
            throw new IllegalArgumentException("the correction must be holm or bh, got '" + name + "'");
        }
    }

    private MultipleTesting() {
    }

    /** Adjusted p-values in the input order. */
    public static double[] adjust(final double[] pValues, final Correction correction) {
        return correction == Correction.HOLM ? holm(pValues) : benjaminiHochberg(pValues);
    }

    /** Holm step-down adjusted p-values: max over j<=i of (m - j) p_(j), capped at 1, monotone. */
    public static double[] holm(final double[] p) {
        final int m = p.length;
        final Integer[] order = ascending(p);
        final double[] adjusted = new double[m];
        double running = 0;
        for (int i = 0; i < m; i++) {
            running = Math.max(running, Math.min(1, (m - i) * p[order[i]]));
            adjusted[order[i]] = running;
        }
        return adjusted;
    }

    /** Benjamini-Hochberg step-up adjusted p-values: min over j>=i of m p_(j) / j, capped at 1. */
    public static double[] benjaminiHochberg(final double[] p) {
        final int m = p.length;
        final Integer[] order = ascending(p);
        final double[] adjusted = new double[m];
        double running = 1;
        for (int i = m - 1; i >= 0; i--) {
            running = Math.min(running, Math.min(1, m * p[order[i]] / (i + 1)));
            adjusted[order[i]] = running;
        }
        return adjusted;
    }

    private static Integer[] ascending(final double[] p) {
        final Integer[] order = IntStream.range(0, p.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> p[i]));
        return order;
    }
}
