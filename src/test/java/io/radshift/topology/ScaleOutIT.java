package io.radshift.topology;

import static io.radshift.topology.HourlySites.HOURS;
import static io.radshift.topology.HourlySites.SITES;
import static io.radshift.topology.HourlySites.STUDIES_PER_HOUR;
import static io.radshift.topology.HourlySites.WINDOWS_PER_SITE;
import static io.radshift.topology.HourlySites.allSitesStudies;
import static io.radshift.topology.HourlySites.withoutFirstAllSitesWindows;
import static org.assertj.core.api.Assertions.assertThat;

import io.radshift.topology.HourlySites.SendUpTo;
import io.radshift.topology.HourlySites.Start;
import io.radshift.topology.HourlySites.Step;
import io.radshift.topology.HourlySites.Stop;
import io.radshift.config.RadShiftConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scale-out on the real in-process broker: two, then three {@link RadShiftApp} instances with one application id and
 * their own state folders share the partitions (the third joins a running deployment, is stopped mid-run and
 * restarted while studies keep coming) and give exactly the window summaries (site, window, count, late studies,
 * verdict) and alerts of one instance on the same pre-scored input, the all-sites view included. Windows close on
 * each site's own clock, kept in changelogged state, so which instance holds a site's task, and when it moves, does
 * not change them.
 */
class ScaleOutIT {

    @TempDir
    static Path dir;

    private static AppFixture fixture;
    private static HourlySites input;

    @BeforeAll
    static void start() throws Exception {
        fixture = AppFixture.start(dir);
        input = new HourlySites();
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void twoAndThreeInstancesWithOneRestartedMidRunGiveTheWindowsAndAlertsOfOne() throws Exception {
        final RunOutputs.Outcome one = run("one", false);
        assertThat(one.windows()).hasSize((SITES.size() + 1) * WINDOWS_PER_SITE);
        assertThat(one.alerts()).filteredOn(a -> a.startsWith("C ")).as("%s", one.alerts())
                .anySatisfy(a -> assertThat(a).contains("FIRING")).anySatisfy(a -> assertThat(a).contains("RESOLVED"));
        assertThat(one.alerts()).noneSatisfy(a -> assertThat(a).startsWith("A "));
        assertThat(one.windows()).allSatisfy(w -> assertThat(w).contains("late=0"));

        final RunOutputs.Outcome scaled = run("scaled", true);
        assertThat(withoutFirstAllSitesWindows(scaled.windows())).containsExactlyElementsOf(withoutFirstAllSitesWindows(one.windows()));
        assertThat(scaled.alerts()).containsExactlyElementsOf(one.alerts());
        // None of the first all-sites window's studies is lost: merged into it or counted late in the next one.
        // Every later all-sites window waits for its known sites.
        assertThat(allSitesStudies(scaled.windows())).isEqualTo(allSitesStudies(one.windows()))
                .isEqualTo(SITES.size() * (long) STUDIES_PER_HOUR);
    }

    /**
     * One run on topics and an application id of its own. Scaled: two instances for hours 0-3, a third joins (the
     * reported failure: an instance joining a running deployment) for hours 4-7, then the third stops, hours 8-10
     * arrive while it is down, and it restarts on its state folder for hours 11-13. Otherwise one instance throughout.
     */
    private RunOutputs.Outcome run(final String name, final boolean scaled) throws Exception {
        final RadShiftConfig config = fixture.config(name, 3, AppFixture.SHORT_SESSION, HourlySites.WINDOWS_AND_DETECTION);
        final List<Step> steps = scaled
                ? List.of(new Start("0"), new Start("1"), new SendUpTo(4), new Start("2"), new SendUpTo(8), new Stop("2"),
                        new SendUpTo(11), new Start("2"), new SendUpTo(HOURS))
                : List.of(new Start("0"), new SendUpTo(HOURS));
        return input.run(fixture, config, config, steps);
    }
}
