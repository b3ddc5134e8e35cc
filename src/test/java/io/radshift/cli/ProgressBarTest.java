package io.radshift.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

    private final AtomicLong clock = new AtomicLong();
    private final StringWriter text = new StringWriter();

    private ProgressBar bar(final boolean terminal) {
        return new ProgressBar("scoring", new PrintWriter(text), terminal, clock::get);
    }

    @Test
    void lineShowsCountPercentRateAndEta() {
        final ProgressBar bar = bar(false);
        // 100 of 400 done after 4 s: 25/s, 300 left -> 12 s.
        assertThat(bar.line(100, 400, 4_000_000_000L))
            .isEqualTo("scoring [########                      ] 100/400 (25.0%) 25.0/s ETA 12s");
        assertThat(bar.line(400, 400, 100_000_000_000L)).endsWith("4.0/s done in 1m40s");
    }

    @Test
    void withoutATerminalItPrintsAtEachTenthAndAtTheEnd() {
        final ProgressBar bar = bar(false);
        for (int done = 1; done <= 100; done++) {
            clock.addAndGet(10_000_000L);
            bar.update(done, 100);
        }
        assertThat(text.toString().lines()).hasSize(11).allMatch(l -> l.startsWith("scoring ["));
        assertThat(text.toString()).doesNotContain("\r");
    }

    @Test
    void withoutATerminalASlowRunStillPrintsEveryThirtySeconds() {
        final ProgressBar bar = bar(false);
        bar.update(0, 1000);
        clock.addAndGet(31_000_000_000L);
        bar.update(1, 1000);
        assertThat(text.toString().lines()).hasSize(2);
    }

    @Test
    void onATerminalItRedrawsInPlaceAtMostTenTimesASecond() {
        final ProgressBar bar = bar(true);
        for (int done = 1; done <= 100; done++) {
            clock.addAndGet(5_000_000L);
            bar.update(done, 100);
        }
        final String out = text.toString();
        // 0.5 s of updates: the first draw, a redraw every 100 ms, and the final one.
        assertThat(out.chars().filter(c -> c == '\r').count()).isBetween(5L, 7L);
        assertThat(out).endsWith("done in 1s" + System.lineSeparator());
    }

    @Test
    void durationsAreCompact() {
        assertThat(ProgressBar.duration(59)).isEqualTo("59s");
        assertThat(ProgressBar.duration(61)).isEqualTo("1m01s");
        assertThat(ProgressBar.duration(3_725)).isEqualTo("1h02m");
    }
}
