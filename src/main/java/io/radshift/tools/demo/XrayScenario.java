package io.radshift.tools.demo;

import io.radshift.data.Manifest;
import io.radshift.offline.LabelMap;
import io.radshift.offline.StudyInput;
import io.radshift.offline.StudyInputs;
import io.radshift.tools.demo.model.ChexpertLabels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Maps a folder of real chest X-rays ({@code radshift demo --images DIR}) onto the demo's four hospitals.
 *
 * <p>The folder's hospitals are the {@code source} column of {@code DIR/manifest.csv} (the layout of
 * {@code shared/data/cxr}) or, without a manifest, its sub-folders (images below {@code DIR/<hospital>/}, labelled
 * by their next sub-folder, e.g. {@code NORMAL/}). Hospitals with fewer than {@value #MIN_IMAGES} readable images
 * are left out. The largest hospital is home: its patients are split (by a hash of the patient id parsed from the
 * file name, else of the image) into a reference half, from which the reference profile is built, and a live half
 * that hospital-a and hospital-b send, so the stable sites never send a reference patient. hospital-c and
 * hospital-d send live home X-rays too, and from their change day on half of their X-rays come from the second
 * and the third largest hospital (the second again when there are only two).
 */
public final class XrayScenario {

    /** Hospitals with fewer readable images are left out. */
    public static final int MIN_IMAGES = 20;
    /** Share of another hospital's X-rays at a changing site after its change. */
    public static final double MIX_FRACTION = 0.5;

    /**
     * One hospital of the folder.
     *
     * @param name   its source or folder name
     * @param images its readable images
     */
    public record Hospital(String name, List<XrayImage> images) {
    }

    /**
     * The mapping.
     *
     * @param home      the largest hospital, whose patients the stable sites and the reference share
     * @param reference home images of the reference half of its patients
     * @param live      home images of the other half
     * @param forC      the hospital mixed in at hospital-c
     * @param forD      the hospital mixed in at hospital-d
     */
    public record Plan(Hospital home, List<XrayImage> reference, List<XrayImage> live, Hospital forC, Hospital forD) {

        /** A short fingerprint of the mapping, naming the cached reference profile. */
        public String fingerprint() {
            return Integer.toHexString((home.name() + '|' + reference.size() + '|' + live.size() + '|'
                + reference.get(0).file().toAbsolutePath()).hashCode());
        }
    }

    private XrayScenario() {
    }

    /**
     * Reads {@code dir} and maps it.
     *
     * @param bundleLabels the model bundle's labels, for the ground truth
     * @throws IllegalArgumentException with one line for the user when the folder cannot give the scenario
     */
    public static Plan plan(final Path dir, final List<String> bundleLabels) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--images " + dir + ": no such folder");
        }
        final List<Hospital> hospitals = hospitals(dir, bundleLabels);
        if (hospitals.size() < 2) {
            throw new IllegalArgumentException("--images " + dir + ": need chest X-rays (PNG, JPEG or DICOM) of at "
                + "least two hospitals with " + MIN_IMAGES + " or more images each, as a manifest.csv with a "
                + "'source' column or one sub-folder per hospital; found " + (hospitals.isEmpty() ? "none"
                : "only " + hospitals.get(0).name() + " (" + hospitals.get(0).images().size() + ")"));
        }
        final Hospital home = hospitals.get(0);
        final List<XrayImage> reference = new ArrayList<>();
        final List<XrayImage> live = new ArrayList<>();
        for (final XrayImage image : home.images()) {
            (isReferencePatient(image.group()) ? reference : live).add(image);
        }
        if (reference.size() < MIN_IMAGES || live.size() < MIN_IMAGES) {
            throw new IllegalArgumentException("--images " + dir + ": " + home.name() + " has too few patients to split "
                + "into a reference and live half (" + reference.size() + " and " + live.size() + " images)");
        }
        return new Plan(home, reference, live, hospitals.get(1), hospitals.get(Math.min(2, hospitals.size() - 1)));
    }

    /** Whether a patient belongs to the reference half: a fixed hash, so every run splits the same way. */
    static boolean isReferencePatient(final String group) {
        try {
            final byte[] digest = MessageDigest.getInstance("SHA-256").digest(group.getBytes(StandardCharsets.UTF_8));
            return (digest[0] & 1) == 0;
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /** Hospitals with at least {@link #MIN_IMAGES} readable images, largest first (then by name). */
    static List<Hospital> hospitals(final Path dir, final List<String> bundleLabels) throws IOException {
        final Map<String, List<StudyInput>> byHospital = Files.isRegularFile(dir.resolve("manifest.csv"))
            ? fromManifest(dir.resolve("manifest.csv")) : fromFolders(dir);
        final List<String> labels = byHospital.values().stream().flatMap(List::stream).map(StudyInput::label)
            .distinct().toList();
        final Map<String, String> explicit = new LinkedHashMap<>();
        if (bundleLabels.contains(ChexpertLabels.NO_FINDING)) {
            labels.stream().filter(l -> l.equalsIgnoreCase("normal")).forEach(l -> explicit.put(l, ChexpertLabels.NO_FINDING));
        }
        final LabelMap labelMap = LabelMap.resolve(explicit, labels, bundleLabels);
        final List<Hospital> hospitals = new ArrayList<>();
        byHospital.forEach((name, inputs) -> {
            final List<XrayImage> images = inputs.stream().filter(i -> Files.isRegularFile(i.file()))
                .map(i -> image(i, labelMap)).toList();
            if (images.size() >= MIN_IMAGES) {
                hospitals.add(new Hospital(name, images));
            }
        });
        hospitals.sort(Comparator.comparingInt((Hospital h) -> -h.images().size()).thenComparing(Hospital::name));
        return hospitals;
    }

    private static XrayImage image(final StudyInput input, final LabelMap labels) {
        final Optional<LabelMap.Truth> truth = labels.truth(input.label());
        return new XrayImage(input.file(), truth.map(LabelMap.Truth::positives).orElse(null),
            truth.map(LabelMap.Truth::known).orElse(null), input.patient().orElse(input.studyId()));
    }

    private static Map<String, List<StudyInput>> fromManifest(final Path csv) throws IOException {
        final Manifest manifest = Manifest.read(csv);
        if (!manifest.header().contains("source")) {
            throw new IllegalArgumentException("--images: " + csv + " has no 'source' column naming each image's "
                + "hospital");
        }
        final Map<String, List<StudyInput>> out = new LinkedHashMap<>();
        for (final String source : manifest.rows().stream().map(r -> r.get("source")).filter(s -> !s.isBlank())
            .distinct().toList()) {
            out.put(source, StudyInputs.fromManifest(manifest, List.of("source=" + source), "label", List.of())
                .stream().filter(i -> isImage(i.file())).toList());
        }
        return out;
    }

    private static Map<String, List<StudyInput>> fromFolders(final Path dir) throws IOException {
        final Map<String, List<StudyInput>> out = new LinkedHashMap<>();
        try (Stream<Path> children = Files.list(dir)) {
            for (final Path child : children.filter(Files::isDirectory).sorted().toList()) {
                try {
                    out.put(child.getFileName().toString(), StudyInputs.fromDirectory(child));
                } catch (final IOException noImages) {
                    // a sub-folder without images is not a hospital
                }
            }
        }
        return out;
    }

    private static boolean isImage(final Path file) {
        final String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return StudyInputs.IMAGE_EXTENSIONS.stream().anyMatch(name::endsWith);
    }
}
