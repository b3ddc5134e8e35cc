package io.radshift.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The replay's arrival process: it sets each site's volume, hence the window size n the report is keyed by. */
class ArrivalsTest {

    private static final long DAY = Duration.ofDays(1).toMillis();

    @Test
    void sitesSendTheirVolumeMergedInTimeOrderAndStopInTime() {
        final Arrivals arrivals = new Arrivals(List.of(20.0, 200.0), 0, 30 * DAY, new SplittableRandom(3));
        final int[] counts = new int[2];
        final List<Long> gaps = new ArrayList<>();
        long last = -1;
        long lastOfSite0 = -1;
        while (arrivals.hasNext()) {
            final Arrivals.Arrival a = arrivals.next();
            assertThat(a.time()).isGreaterThanOrEqualTo(last).isLessThan(30 * DAY);
            last = a.time();
            counts[a.site()]++;
            if (a.site() == 0) {
                if (lastOfSite0 >= 0) {
                    gaps.add(a.time() - lastOfSite0);
                }
                lastOfSite0 = a.time();
            }
        }
        // 30 days: 600 and 6000 studies; the jitter averages out to within a few percent.
        assertThat(counts[0] / 600.0).isCloseTo(1.0, within(0.05));
        assertThat(counts[1] / 6000.0).isCloseTo(1.0, within(0.02));
        final double mean = DAY / 20.0;
        assertThat(gaps).allSatisfy(g -> assertThat(g).isBetween((long) (0.5 * mean), (long) (1.5 * mean)));
    }

    @Test
    void aPerDayWindowHoldsAboutTheNominalNumberOfStudies() {
        final Arrivals arrivals = new Arrivals(List.of(50.0), 0, 10 * DAY, new SplittableRandom(5));
        final int[] perDay = new int[10];
        while (arrivals.hasNext()) {
            perDay[(int) (arrivals.next().time() / DAY)]++;
        }
        // Intervals of 0.5x..1.5x the mean: a day holds 50 studies give or take a few, never 40 or 60.
        for (final int n : perDay) {
            assertThat(n).isBetween(42, 58);
        }
    }
}
