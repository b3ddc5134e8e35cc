package io.radshift.tools.demo;

import io.radshift.tools.demo.model.PhantomStudySampler;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The demo's hospitals: two stable ones and two that change. With phantoms, hospital-c's scanner changes on day 3
 * (lower contrast, gamma and noise, the embedding-drift case) and a rare finding becomes ten times more common at
 * hospital-d from day 2 (the rare-label over-confidence case). With real X-rays ({@link XrayScenario}), all four
 * send patients of the home hospital that are not in the reference, and from day 3 (hospital-c) and day 2
 * (hospital-d) half of the changing sites' X-rays come from another hospital.
 */
public final class DemoScenario {

    /** A rare finding of the demo bundle (3% of reference studies). */
    public static final String RARE_FINDING = "Pneumothorax";
    /** When hospital-c changes. */
    public static final Duration C_CHANGE = Duration.ofDays(3);
    /** When hospital-d changes. */
    public static final Duration D_CHANGE = Duration.ofDays(2);

    private DemoScenario() {
    }

    /** The phantom hospitals; {@code seed} keeps runs reproducible, {@code labels} are the bundle's. */
    public static List<HospitalSimulator.Site> sites(final int studiesPerDay, final long seed, final List<String> labels) {
        final PhantomStudySampler a = PhantomStudySampler.reference(seed + 1);
        final PhantomStudySampler b = PhantomStudySampler.reference(seed + 2);
        final PhantomStudySampler c = PhantomStudySampler.reference(seed + 3);
        final PhantomStudySampler d = PhantomStudySampler.reference(seed + 4);
        return List.of(
                new HospitalSimulator.Site("hospital-a", studiesPerDay, StudySource.phantoms(a, labels), null,
                        Duration.ZERO, "stable"),
                new HospitalSimulator.Site("hospital-b", studiesPerDay, StudySource.phantoms(b, labels), null,
                        Duration.ZERO, "stable"),
                new HospitalSimulator.Site("hospital-c", studiesPerDay, StudySource.phantoms(c, labels),
                        StudySource.phantoms(c.withScanner(new PhantomStudySampler.Scanner(0.6, 1.4, 0.03)), labels),
                        C_CHANGE, "scanner change on day 3: lower contrast, gamma 1.4, more noise"),
                new HospitalSimulator.Site("hospital-d", studiesPerDay, StudySource.phantoms(d, labels),
                        StudySource.phantoms(d.withPrevalence(RARE_FINDING,
                                10 * PhantomStudySampler.referencePrevalence(RARE_FINDING)), labels),
                        D_CHANGE, RARE_FINDING + " ten times more common from day 2"));
    }

    /** The real-X-ray hospitals of {@code plan}. */
    public static List<HospitalSimulator.Site> xraySites(final XrayScenario.Plan plan, final int studiesPerDay,
                                                         final long seed) {
        final String home = plan.home().name();
        final String stable = String.format(Locale.ROOT, "stable: %s patients not in the reference (%d images)", home,
                plan.live().size());
        return List.of(
                new HospitalSimulator.Site("hospital-a", studiesPerDay, StudySource.xrays(plan.live(), seed + 1), null,
                        Duration.ZERO, stable),
                new HospitalSimulator.Site("hospital-b", studiesPerDay, StudySource.xrays(plan.live(), seed + 2), null,
                        Duration.ZERO, stable),
                changing("hospital-c", studiesPerDay, plan, plan.forC(), C_CHANGE, seed + 3),
                changing("hospital-d", studiesPerDay, plan, plan.forD(), D_CHANGE, seed + 4));
    }

    private static HospitalSimulator.Site changing(final String site, final int studiesPerDay,
                                                   final XrayScenario.Plan plan, final XrayScenario.Hospital other,
                                                   final Duration change, final long seed) {
        final StudySource home = StudySource.xrays(plan.live(), seed);
        return new HospitalSimulator.Site(site, studiesPerDay, home,
                StudySource.mixed(home, StudySource.xrays(other.images(), seed + 100), XrayScenario.MIX_FRACTION,
                        seed + 200),
                change, String.format(Locale.ROOT, "%s patients; from day %d, %.0f%% of the X-rays from %s (%d images)",
                        plan.home().name(), change.toDays(), 100 * XrayScenario.MIX_FRACTION, other.name(),
                        other.images().size()));
    }
}
