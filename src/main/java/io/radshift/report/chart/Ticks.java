package io.radshift.report.chart;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** "Nice" axis ticks (steps of 1, 2 or 5 times a power of ten) and their labels. */
final class Ticks {

    private Ticks() {
    }

    /** About {@code count} ticks covering [min, max], the first at or below min and the last at or above max. */
    static List<Double> nice(final double min, final double max, final int count) {
        final double span = max > min ? max - min : Math.max(Math.abs(max), 1);
        final double raw = span / Math.max(1, count);
        final double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        final double residual = raw / magnitude;
        final double step = (residual > 5 ? 10 : residual > 2 ? 5 : residual > 1 ? 2 : 1) * magnitude;
        final List<Double> ticks = new ArrayList<>();
        final double first = Math.floor(min / step) * step;
        for (double t = first; t <= max + step * 1e-9 || ticks.size() < 2; t += step) {
            ticks.add(Math.abs(t) < step * 1e-9 ? 0 : t);
            if (ticks.size() > 4 * count + 2) {
                break;
            }
        }
        if (ticks.get(ticks.size() - 1) < max) {
            ticks.add(ticks.get(ticks.size() - 1) + step);
        }
        return ticks;
    }

    /** A tick label with as many decimals as the tick step needs. */
    static String format(final double value, final List<Double> ticks) {
        final double step = ticks.size() > 1 ? Math.abs(ticks.get(1) - ticks.get(0)) : Math.abs(value);
        final int decimals = step == 0 || step >= 1 ? 0 : (int) Math.min(6, Math.ceil(-Math.log10(step) - 1e-9));
        if (Math.abs(value) >= 1e5 || (value != 0 && Math.abs(value) < 1e-4)) {
            return String.format(Locale.ROOT, "%.1e", value);
        }
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
