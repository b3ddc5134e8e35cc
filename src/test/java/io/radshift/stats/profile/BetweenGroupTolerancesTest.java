package io.radshift.stats.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.radshift.stats.Observation;
import io.radshift.stats.QualityFeatures;
import io.radshift.stats.WindowAggregate;
import io.radshift.stats.drift.DriftTest;
import io.radshift.stats.drift.EvaluatorConfig;
import io.radshift.stats.drift.WindowEvaluator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tolerances derived from the reference's own variation between groups of patients: a reference whose patients
 * differ (each has its own contrast offset, so studies of one patient are not independent) gets a larger
 * quality tolerance than one of independent studies, close to what the random-effects arithmetic predicts, and
 * that tolerance keeps windows made of a few unseen patients quiet where the fixed band does not. The profile
 * file keeps the tolerances and the RFF diagonal; files written before them still load.
 */
class BetweenGroupTolerancesTest {

    private static final int CONTRAST = QualityFeatures.NAMES.indexOf("contrast");
    private static final String KEY = ReferenceProfile.effectKey("quality-contrast", "contrast");
    private static final int PATIENTS = 300;
    private static final int IMAGES = 10;
    private static final double STUDY_SD = 0.05;

    @Test
    void heterogeneousPatientsRaiseTheQualityToleranceIndependentStudiesDoNot() {
        final ReferenceProfile clustered = profile(0.05, new SplittableRandom(1));
        final ReferenceProfile independent = profile(0, new SplittableRandom(2));
        final double derived = clustered.derivedTolerance(KEY).orElseThrow();
        final double none = independent.derivedTolerance(KEY).orElseThrow();
        System.out.printf("derived contrast tolerance: clustered patients %.3f, independent studies %.3f%n", derived,
            none);
        // Groups of ~9 held-out patients of 10 images, patient sd = study sd = 0.05: the group mean's squared
        // deviation beyond sampling is about tau^2 / 9 + tau^2 / 210 (the fit split's own offset) = 0.00029, over
        // the total variance 0.005 that is kappa = 0.058 and a tolerance of 2 sqrt(kappa) = 0.48.
        assertThat(derived).isCloseTo(0.48, within(0.2));
        assertThat(none).isLessThan(0.25);
        final GroupTolerance stored = clustered.tolerances().stream().filter(t -> t.key().equals(KEY)).findFirst()
            .orElseThrow();
        assertThat(stored.groups()).isEqualTo(BetweenGroupTolerances.GROUPS);
        assertThat(stored.tolerance()).isEqualTo(GroupTolerance.toleranceOf(stored.meanSquare(), true));
        assertThat(clustered.derivedTolerance("centroid-euclidean")).isPresent();
        assertThat(clustered.derivedTolerance("score-chi2:finding")).isPresent();
    }

    @Test
    void theDerivedToleranceKeepsBatchesOfUnseenPatientsQuiet() {
        // The same reference as above (derived tolerance 0.48; over twelve seeds it ranged 0.11-0.81, an estimate
        // from ten groups of nine patients), new patients from another seed.
        final ReferenceProfile clustered = profile(0.05, new SplittableRandom(1));
        final SplittableRandom random = new SplittableRandom(3);
        final ReferenceProfile bandOnly = new ReferenceProfile(clustered.tags(), clustered.embedding(),
            clustered.labels(), clustered.metadata(), clustered.quality(), clustered.nulls(), clustered.sketch());
        final EvaluatorConfig quality = EvaluatorConfig.defaults().withTests(EnumSet.of(DriftTest.QUALITY));
        final WindowEvaluator derived = new WindowEvaluator(clustered, quality);
        final WindowEvaluator band = new WindowEvaluator(bandOnly, quality);
        int derivedAlarms = 0;
        int bandAlarms = 0;
        final int windows = 400;
        for (int w = 0; w < windows; w++) {
            // A batch: 10 new patients with 20 images each.
            final WindowAggregate window = WindowAggregate.empty(clustered.aggregateSpec());
            for (int p = 0; p < 10; p++) {
                final double offset = 0.05 * gaussian(random);
                for (int i = 0; i < 20; i++) {
                    window.add(study("w" + w + "-" + p + "-" + i, offset, random));
                }
            }
            derivedAlarms += contrastDrift(derived, window) ? 1 : 0;
            bandAlarms += contrastDrift(band, window) ? 1 : 0;
        }
        System.out.printf("batches of 10 unseen patients: material contrast drift %.3f with the derived tolerance "
            + "%.3f, %.3f with the band alone%n", derivedAlarms / (double) windows,
            clustered.derivedTolerance(KEY).orElseThrow(), bandAlarms / (double) windows);
        assertThat(derivedAlarms / (double) windows).isLessThanOrEqualTo(0.05);
        assertThat(bandAlarms).isGreaterThan(2 * derivedAlarms);
    }

    @Test
    void profileFilesKeepTolerancesAndOlderFilesLoadWithout(@TempDir final Path dir) throws IOException {
        final ReferenceProfile profile = profile(0.05, new SplittableRandom(4));
        final Path file = dir.resolve("profile.avro");
        ReferenceProfileAvro.write(profile, file);
        final ReferenceProfile read = ReferenceProfileAvro.read(file);
        assertThat(read.tolerances()).isEqualTo(profile.tolerances()).isNotEmpty();
        assertThat(read.embedding().rffDiagonal()).isEqualTo(profile.embedding().rffDiagonal())
            .isCloseTo(1, within(0.1)).isNotEqualTo(1.0);

        final Schema older = olderSchema();
        final GenericRecord current = ReferenceProfileAvro.toRecord(profile);
        final GenericRecord record = new GenericData.Record(older);
        for (final Schema.Field field : older.getFields()) {
            record.put(field.name(), current.get(field.name()));
        }
        final GenericRecord embedding = new GenericData.Record(older.getField("embedding").schema());
        for (final Schema.Field field : older.getField("embedding").schema().getFields()) {
            embedding.put(field.name(), ((GenericRecord) current.get("embedding")).get(field.name()));
        }
        record.put("embedding", embedding);
        final Path olderFile = dir.resolve("older.avro");
        try (DataFileWriter<GenericRecord> writer = new DataFileWriter<>(new GenericDatumWriter<>(older))) {
            writer.create(older, olderFile.toFile());
            writer.append(record);
        }
        final ReferenceProfile fromOlder = ReferenceProfileAvro.read(olderFile);
        assertThat(fromOlder.tolerances()).isEmpty();
        assertThat(fromOlder.embedding().rffDiagonal()).isEqualTo(1.0);
        assertThat(fromOlder.derivedTolerance(KEY)).isEmpty();
    }

    /** The profile schema as written before the tolerances and the RFF diagonal existed. */
    private static Schema olderSchema() throws IOException {
        final ObjectNode json = (ObjectNode) new ObjectMapper().readTree(ReferenceProfileAvro.SCHEMA.toString());
        final ArrayNode fields = (ArrayNode) json.get("fields");
        for (int i = fields.size() - 1; i >= 0; i--) {
            if (fields.get(i).get("name").asText().equals("tolerances")) {
                fields.remove(i);
            }
        }
        for (final var field : fields) {
            if (field.get("name").asText().equals("embedding")) {
                final ArrayNode inner = (ArrayNode) field.get("type").get("fields");
                for (int i = inner.size() - 1; i >= 0; i--) {
                    if (inner.get(i).get("name").asText().equals("rffDiagonal")) {
                        inner.remove(i);
                    }
                }
            }
        }
        return new Schema.Parser().parse(json.toString());
    }

    private static boolean contrastDrift(final WindowEvaluator evaluator, final WindowAggregate window) {
        return evaluator.evaluate(window).tests().stream()
            .anyMatch(t -> t.test().equals("quality-contrast") && t.drift());
    }

    private static ReferenceProfile profile(final double patientSd, final SplittableRandom random) {
        final ProfileSettings settings = new ProfileSettings(16, 9L, 0.3, 10, 0.8, 0.5, 0.05, List.of(), 8,
            new int[] {50, 100, 200, 400}, 300, 200, new SketchSettings(10, 10, 16));
        final ReferenceProfileBuilder builder = new ReferenceProfileBuilder(List.of("finding"), "toy", "hash",
            settings);
        for (int p = 0; p < PATIENTS; p++) {
            final double offset = patientSd * gaussian(random);
            for (int i = 0; i < IMAGES; i++) {
                builder.add(study("ref-" + p + "-" + i, offset, random), "patient-" + p);
            }
        }
        return builder.build("profile", 0L);
    }

    private static Observation study(final String id, final double contrastOffset, final SplittableRandom random) {
        final float[] embedding = new float[4];
        for (int d = 0; d < embedding.length; d++) {
            embedding[d] = (float) gaussian(random);
        }
        final float[] scores = {(float) (1 / (1 + Math.exp(-gaussian(random))))};
        final double[] quality = new double[QualityFeatures.COUNT];
        quality[CONTRAST] = 0.5 + contrastOffset + STUDY_SD * gaussian(random);
        return new Observation(id, embedding, scores, quality, Map.of());
    }

    private static double gaussian(final SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
