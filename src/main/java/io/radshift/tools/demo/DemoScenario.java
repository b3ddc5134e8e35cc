package io.radshift.tools.demo;

import io.radshift.tools.demo.model.PhantomStudySampler;
import java.time.Duration;
import java.util.List;

/**
 * The demo's hospitals: two stable ones, one whose scanner changes on day 3 (lower contrast, gamma and
 * noise, the embedding-drift case), and one where a rare finding becomes ten times more common on day 2 (the
 * rare-label over-confidence case).
 */
public final class DemoScenario {

    /** A rare finding of the demo bundle (3% of reference studies). */
    public static final String RARE_FINDING = "Pneumothorax";

    private DemoScenario() {
    }

    /** The simulated sites; {@code imagesSeed} keeps runs reproducible. */
    public static List<HospitalSimulator.Site> sites(final int studiesPerDay, final long seed) {
        final PhantomStudySampler a = PhantomStudySampler.reference(seed + 1);
        final PhantomStudySampler b = PhantomStudySampler.reference(seed + 2);
        final PhantomStudySampler c = PhantomStudySampler.reference(seed + 3);
        final PhantomStudySampler d = PhantomStudySampler.reference(seed + 4);
        return List.of(
                new HospitalSimulator.Site("hospital-a", studiesPerDay, a, null, Duration.ZERO, "stable"),
                new HospitalSimulator.Site("hospital-b", studiesPerDay, b, null, Duration.ZERO, "stable"),
                new HospitalSimulator.Site("hospital-c", studiesPerDay, c,
                        c.withScanner(new PhantomStudySampler.Scanner(0.6, 1.4, 0.03)), Duration.ofDays(3),
                        "scanner change on day 3: lower contrast, gamma 1.4, more noise"),
                new HospitalSimulator.Site("hospital-d", studiesPerDay, d,
                        d.withPrevalence(RARE_FINDING, 10 * PhantomStudySampler.referencePrevalence(RARE_FINDING)),
                        Duration.ofDays(2), RARE_FINDING + " ten times more common from day 2"));
    }
}
