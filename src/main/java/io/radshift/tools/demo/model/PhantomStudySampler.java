package io.radshift.tools.demo.model;

import io.radshift.inference.decode.GreyImage;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Draws phantom studies the way the demo bundle's reference set was drawn (the same finding prevalences and
 * the same spread of noise and blur), optionally through a changed scanner or with changed finding prevalences.
 *
 * <p>The demo's reference profile and its stable hospitals sample from the nominal settings, so they share one
 * distribution; a drifting hospital changes the {@link Scanner} or the prevalence of a rare finding.
 */
public final class PhantomStudySampler {

    /** One drawn study: its findings (CheXpert names; empty = No Finding) and the PNG bytes. */
    public record PhantomStudy(Set<String> findings, byte[] png) {

        /** Ground truth in {@code labels} order: each finding positive, No Finding exactly when there is none. */
        public boolean[] positives(final List<String> labels) {
            final boolean[] positives = new boolean[labels.size()];
            for (int l = 0; l < labels.size(); l++) {
                positives[l] = labels.get(l).equals(ChexpertLabels.NO_FINDING)
                        ? findings.isEmpty() : findings.contains(labels.get(l));
            }
            return positives;
        }
    }

    /** One drawn study before encoding: its findings and the grey image. */
    public record PhantomImage(Set<String> findings, GreyImage image) {
    }

    /**
     * How a site's scanner renders images relative to the reference: multiplies contrast, sets gamma, adds noise.
     *
     * @param contrast   contrast factor (1 = reference)
     * @param gamma      gamma (1 = reference)
     * @param extraNoise additional Gaussian noise sigma in grey units
     */
    public record Scanner(double contrast, double gamma, double extraNoise) {
        /** The reference scanner. */
        public static final Scanner REFERENCE = new Scanner(1.0, 1.0, 0.0);
    }

    private final PhantomGenerator generator = new PhantomGenerator();
    private final Map<String, Double> prevalence;
    private final Scanner scanner;
    private final Random random;

    private PhantomStudySampler(final Map<String, Double> prevalence, final Scanner scanner, final long seed) {
        this.prevalence = Map.copyOf(prevalence);
        this.scanner = scanner;
        this.random = new Random(seed);
    }

    /** The reference distribution. */
    public static PhantomStudySampler reference(final long seed) {
        return new PhantomStudySampler(ReferenceSet.PHANTOM_PREVALENCE, Scanner.REFERENCE, seed);
    }

    /** The same sampler seen through another scanner. */
    public PhantomStudySampler withScanner(final Scanner other) {
        return new PhantomStudySampler(prevalence, other, random.nextLong());
    }

    /** The same sampler with another prevalence for one finding. */
    public PhantomStudySampler withPrevalence(final String finding, final double value) {
        if (!prevalence.containsKey(finding)) {
            throw new IllegalArgumentException("unknown finding " + finding + "; known: " + prevalence.keySet());
        }
        final Map<String, Double> changed = new HashMap<>(prevalence);
        changed.put(finding, value);
        return new PhantomStudySampler(changed, scanner, random.nextLong());
    }

    /** The reference prevalence of a finding. */
    public static double referencePrevalence(final String finding) {
        return ReferenceSet.PHANTOM_PREVALENCE.getOrDefault(finding, 0.0);
    }

    /** Draws the next study as a PNG, as a hospital would send it. */
    public PhantomStudy next() {
        final PhantomImage drawn = nextImage();
        return new PhantomStudy(drawn.findings(), PhantomGenerator.toPng(drawn.image()));
    }

    /** Draws the next study as a grey image. */
    public synchronized PhantomImage nextImage() {
        final Set<String> findings = new HashSet<>();
        for (String label : ChexpertLabels.ALL) {
            if (random.nextDouble() < prevalence.get(label)) {
                findings.add(label);
            }
        }
        final PhantomGenerator.Acquisition acquisition = PhantomGenerator.Acquisition.nominal()
                .withNoise(0.005 + 0.015 * random.nextDouble() + scanner.extraNoise())
                .withBlur(0.5 + 0.5 * random.nextDouble())
                .withContrast(scanner.contrast(), scanner.gamma());
        return new PhantomImage(Set.copyOf(findings), generator.render(findings, acquisition, random.nextLong()));
    }
}
