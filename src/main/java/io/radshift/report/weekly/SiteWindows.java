package io.radshift.report.weekly;

import io.radshift.avro.LabelRates;
import io.radshift.avro.WindowSummary;
import io.radshift.avro.WindowVerdict;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The windows of one site in one week: the alerting scheme's windows in order of their end, and the week's own
 * ISO-week window when it has closed.
 *
 * <p>Alerting windows may overlap (a sliding 24 h window advancing by 1 h counts each study 24 times), so counts
 * of studies are taken from a cover without overlap, built from the week's end backwards: the last window, then
 * each earlier window that ends at or before the start of the one taken before. With windows aligned to their
 * size (the sliding and tumbling schemes are) it tiles the time from the first window taken to the week's last
 * window end exactly; only the first window taken may reach back into the week before.
 *
 * @param alerting windows of the alerting scheme whose end is in the week, by end
 * @param weekly   the week's ISO-week window, if it closed and was read
 */
record SiteWindows(List<WindowSummary> alerting, Optional<WindowSummary> weekly) {

    SiteWindows {
        alerting = alerting.stream().sorted(Comparator.comparing(WindowSummary::getWindowEnd)).toList();
    }

    /** The alerting windows without overlap (see the class comment). */
    List<WindowSummary> cover() {
        final List<WindowSummary> cover = new ArrayList<>();
        Instant before = Instant.MAX;
        for (int i = alerting.size() - 1; i >= 0; i--) {
            final WindowSummary w = alerting.get(i);
            if (!w.getWindowEnd().isAfter(before)) {
                cover.add(0, w);
                before = w.getWindowStart();
            }
        }
        return cover;
    }

    /** Studies per day of the week: each covering window's studies count on the day its middle falls in. */
    Map<LocalDate, Long> studiesByDay(final IsoWeek week) {
        final Map<LocalDate, Long> days = new LinkedHashMap<>();
        week.days().forEach(d -> days.put(d, 0L));
        for (final WindowSummary w : cover()) {
            final long middle = (w.getWindowStart().toEpochMilli() + w.getWindowEnd().toEpochMilli()) / 2;
            days.computeIfPresent(week.dayOf(Instant.ofEpochMilli(middle)), (d, n) -> n + w.getN());
        }
        return days;
    }

    /** Studies of the week: the ISO-week window's count, else the sum over the cover. */
    long studies() {
        return weekly.map(WindowSummary::getN).orElseGet(() -> cover().stream().mapToLong(WindowSummary::getN).sum());
    }

    long driftWindows() {
        return alerting.stream().filter(w -> w.getVerdict() == WindowVerdict.DRIFT).count();
    }

    /**
     * Per-label rates of the week: the ISO-week window's, else the cover's pooled (rates weighted by window size,
     * histograms summed); empty when no window carries rates (summaries written before they existed).
     */
    List<LabelRates> labelRates() {
        if (weekly.isPresent() && !weekly.get().getLabelRates().isEmpty()) {
            return weekly.get().getLabelRates();
        }
        final List<WindowSummary> withRates = cover().stream().filter(w -> !w.getLabelRates().isEmpty()).toList();
        if (withRates.isEmpty()) {
            return List.of();
        }
        final long total = withRates.stream().mapToLong(WindowSummary::getN).sum();
        final List<LabelRates> pooled = new ArrayList<>();
        final List<LabelRates> first = withRates.get(0).getLabelRates();
        for (int i = 0; i < first.size(); i++) {
            final int label = i;
            final List<LabelRates> rates = withRates.stream().map(w -> w.getLabelRates().get(label)).toList();
            pooled.add(LabelRates.newBuilder(first.get(i))
                .setPredictedPositiveRate(weighted(withRates, label, total, true))
                .setHighConfidenceRate(weighted(withRates, label, total, false))
                .setScoreHistogram(summed(rates))
                .build());
        }
        return pooled;
    }

    private static double weighted(final List<WindowSummary> windows, final int label, final long total,
                                   final boolean predicted) {
        double sum = 0;
        for (final WindowSummary w : windows) {
            final LabelRates r = w.getLabelRates().get(label);
            sum += w.getN() * (predicted ? r.getPredictedPositiveRate() : r.getHighConfidenceRate());
        }
        return total == 0 ? 0 : sum / total;
    }

    private static List<Long> summed(final List<LabelRates> rates) {
        final long[] sum = new long[rates.get(0).getScoreHistogram().size()];
        for (final LabelRates r : rates) {
            for (int b = 0; b < sum.length && b < r.getScoreHistogram().size(); b++) {
                sum[b] += r.getScoreHistogram().get(b);
            }
        }
        return Arrays.stream(sum).boxed().toList();
    }
}
