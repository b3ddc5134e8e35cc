package io.radshift.tools.bench;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The verdict of the chaos benchmark: an interrupted run against the uninterrupted run of the same studies, and
 * both against the study counts the published event times imply.
 *
 * <p>Site windows must match exactly: each expected window written once, with its expected count. A study missing
 * from its window is lost, one counted twice (or a window written twice) is doubled. Alerts are compared by
 * identity (alert id, state, window end): one missing is lost, one written twice is a duplicate. The all-sites
 * view ({@code *}) must match too: its merge waits for every site expected for a window, whatever the wall clock
 * does ({@code window.AllSitesMergeProcessor}), so a crash changes when an all-sites window is written, never what it
 * holds; it is counted apart (its own numbers in the BENCH line) but every one of its windows and alert events must
 * be written once by both runs, with the same count.
 *
 * @param windows            expected site windows
 * @param windowsEqual       site windows written exactly once in both runs, with the same count
 * @param lost               studies missing from the interrupted run's site windows
 * @param doubled            studies counted more than once in them (a window written twice counts all its studies)
 * @param baselineLost       the same for the uninterrupted run, against the published studies
 * @param unexpectedWindows  site windows the interrupted run wrote that no study implies, other than the empty
 *                           windows of a quiet site written once by both runs
 * @param alerts             site alert events of the uninterrupted run
 * @param lostAlerts         site alert events of the uninterrupted run missing from the interrupted one
 * @param extraAlerts        site alert events of the interrupted run that the uninterrupted one did not emit
 * @param duplicateAlerts    alert events (all-sites ones too) the interrupted run wrote more than once
 * @param allSitesWindows    all-sites windows written by either run
 * @param allSitesEqual      of those, written once by both runs with the same count
 * @param allSitesAlerts     all-sites alert events of the uninterrupted run
 * @param allSitesAlertsDiffering all-sites alert events written by one run only
 */
record ChaosComparison(int windows, int windowsEqual, long lost, long doubled, long baselineLost, int unexpectedWindows,
                       int alerts, int lostAlerts, int extraAlerts, int duplicateAlerts, int allSitesWindows,
                       int allSitesEqual, int allSitesAlerts, int allSitesAlertsDiffering) {

    /** The all-sites view's site id. */
    static final String ALL_SITES = "*";

    /** Whether nothing was lost, doubled or duplicated and every site and all-sites window and alert matched. */
    boolean passed() {
        return lost == 0 && doubled == 0 && baselineLost == 0 && unexpectedWindows == 0 && windowsEqual == windows
                && lostAlerts == 0 && extraAlerts == 0 && duplicateAlerts == 0
                && allSitesEqual == allSitesWindows && allSitesAlertsDiffering == 0;
    }

    static ChaosComparison of(final Map<WindowKey, Long> expected, final Map<WindowKey, List<Long>> baseline,
                              final Map<WindowKey, List<Long>> interrupted, final Map<String, Integer> baselineAlerts,
                              final Map<String, Integer> interruptedAlerts) {
        int equal = 0;
        long lost = 0;
        long doubled = 0;
        long baselineLost = 0;
        for (Map.Entry<WindowKey, Long> window : expected.entrySet()) {
            final List<Long> written = interrupted.getOrDefault(window.getKey(), List.of());
            final long total = written.stream().mapToLong(Long::longValue).sum();
            lost += Math.max(0, window.getValue() - total);
            doubled += Math.max(0, total - window.getValue());
            baselineLost += Math.max(0, window.getValue()
                    - baseline.getOrDefault(window.getKey(), List.of()).stream().mapToLong(Long::longValue).sum());
            if (written.size() == 1 && written.equals(baseline.get(window.getKey()))) {
                equal++;
            }
        }
        // A site that went quiet still gets its windows, empty (n = 0), for the silence check: those must match too.
        final int unexpected = (int) interrupted.keySet().stream()
                .filter(key -> !key.site().equals(ALL_SITES) && !expected.containsKey(key))
                .filter(key -> !(interrupted.get(key).equals(List.of(0L)) && interrupted.get(key).equals(baseline.get(key))))
                .count();
        final List<WindowKey> allSites = Stream.concat(baseline.keySet().stream(), interrupted.keySet().stream())
                .filter(key -> key.site().equals(ALL_SITES)).distinct().toList();
        final int allSitesEqual = (int) allSites.stream()
                .filter(key -> Objects.equals(baseline.get(key), interrupted.get(key)) && interrupted.get(key).size() == 1).count();
        final int lostAlerts = (int) baselineAlerts.keySet().stream()
                .filter(key -> !allSites(key) && !interruptedAlerts.containsKey(key)).count();
        final int extraAlerts = (int) interruptedAlerts.keySet().stream()
                .filter(key -> !allSites(key) && !baselineAlerts.containsKey(key)).count();
        final int duplicates = interruptedAlerts.values().stream().mapToInt(count -> count - 1).sum();
        final int siteAlerts = (int) baselineAlerts.keySet().stream().filter(key -> !allSites(key)).count();
        final int allSitesDiffering = (int) (baselineAlerts.keySet().stream()
                .filter(key -> allSites(key) && !interruptedAlerts.containsKey(key)).count()
                + interruptedAlerts.keySet().stream().filter(key -> allSites(key) && !baselineAlerts.containsKey(key)).count());
        return new ChaosComparison(expected.size(), equal, lost, doubled, baselineLost, unexpected, siteAlerts,
                lostAlerts, extraAlerts, duplicates, allSites.size(), allSitesEqual,
                baselineAlerts.size() - siteAlerts, allSitesDiffering);
    }

    /** Whether an alert event's identity ({@code alertId state windowEnd}, alert id {@code site/scheme/start}) is the all-sites view's. */
    private static boolean allSites(final String alertKey) {
        return alertKey.startsWith(ALL_SITES + "/");
    }
}
