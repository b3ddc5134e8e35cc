package io.radshift.stats.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.radshift.stats.Novelty;
import io.radshift.stats.Observation;
import io.radshift.stats.SyntheticStudies;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The profile's explanation part: the novelty distribution of held-out reference studies, reference medoids named
 * by their image, its Avro round trip, and profiles written before it existed.
 */
class ExplanationReferenceTest {

    private static final int STUDIES = 600;
    private static List<Observation> reference;
    private static ReferenceProfile profile;

    @BeforeAll
    static void build() {
        reference = new SyntheticStudies(16, 3).draw(STUDIES, SyntheticStudies.Shift.NONE, new SplittableRandom(1), "r");
        final ReferenceProfileBuilder builder = new ReferenceProfileBuilder(SyntheticStudies.LABELS, "toy-model",
            "hash-1", ProfileSettings.defaults().withNullWindows(50));
        for (int i = 0; i < STUDIES; i++) {
            builder.add(reference.get(i), "p" + i / 2, "set/img-" + i + ".png");
        }
        profile = builder.build("profile-x", 1_700_000_000_000L);
    }

    @Test
    void heldOutNoveltyPercentilesAreCalibratedOnFreshStudies() {
        final NoveltyDistribution novelty = profile.explanation().novelty();
        assertThat(novelty.known()).isTrue();
        final List<Observation> fresh = new SyntheticStudies(16, 3).draw(2000, SyntheticStudies.Shift.NONE,
            new SplittableRandom(9), "f");
        final double[] mean = profile.embedding().mean();
        final double above90 = fresh.stream().filter(o -> novelty.percentile(Novelty.of(o.embedding(), mean)) > 90)
            .count() / 2000.0;
        assertThat(above90).isCloseTo(0.10, within(0.04));
        final List<Observation> shifted = new SyntheticStudies(16, 3).draw(200, SyntheticStudies.Shift.EMBEDDING,
            new SplittableRandom(9), "s");
        final double shiftedMedian = shifted.stream().mapToDouble(o -> novelty.percentile(Novelty.of(o.embedding(), mean)))
            .sorted().toArray()[100];
        assertThat(shiftedMedian).isGreaterThan(60);
    }

    @Test
    void medoidsAreReferenceStudiesNamedByTheirImage() {
        final List<ExplanationReference.ReferenceMedoid> medoids = profile.explanation().medoids();
        assertThat(medoids).hasSizeBetween(2, ExplanationReference.MAX_MEDOIDS);
        for (final ExplanationReference.ReferenceMedoid m : medoids) {
            final int i = Integer.parseInt(m.image().replaceAll("\\D", ""));
            assertThat(m.image()).isEqualTo("set/img-" + i + ".png");
            for (int d = 0; d < m.embedding().length; d++) {
                assertThat(m.embedding()[d]).isEqualTo(reference.get(i).embedding()[d]);
            }
        }
        assertThat(medoids.stream().mapToLong(ExplanationReference.ReferenceMedoid::members).sum())
            .isBetween(STUDIES - 10L, STUDIES + 10L);
        final List<ExplanationReference.Neighbour> nearest =
            profile.explanation().nearest(toFloat(medoids.get(1).embedding()), 3);
        assertThat(nearest).hasSize(3);
        assertThat(nearest.get(0).medoid()).isEqualTo(medoids.get(1));
        assertThat(nearest.get(0).distance()).isZero();
        assertThat(nearest.get(1).distance()).isLessThanOrEqualTo(nearest.get(2).distance());
    }

    @Test
    void survivesTheAvroRoundTrip(@TempDir final Path dir) throws IOException {
        final Path file = dir.resolve("p.avro");
        ReferenceProfileAvro.write(profile, file);
        assertThat(ReferenceProfileAvro.read(file).explanation()).isEqualTo(profile.explanation());
    }

    @Test
    void aProfileWrittenBeforeItExistedReadsWithoutIt(@TempDir final Path dir) throws IOException {
        final List<Schema.Field> fields = new ArrayList<>();
        ReferenceProfileAvro.SCHEMA.getFields().stream().filter(f -> !f.name().equals("explanation"))
            .forEach(f -> fields.add(new Schema.Field(f, f.schema())));
        final Schema old = Schema.createRecord(ReferenceProfileAvro.SCHEMA.getName(), null,
            ReferenceProfileAvro.SCHEMA.getNamespace(), false, fields);
        final GenericRecord current = ReferenceProfileAvro.toRecord(profile);
        final GenericRecord record = new GenericData.Record(old);
        old.getFields().forEach(f -> record.put(f.name(), current.get(f.name())));
        final Path file = dir.resolve("old.avro");
        try (DataFileWriter<GenericRecord> writer = new DataFileWriter<>(new GenericDatumWriter<>(old))) {
            writer.create(old, file.toFile());
            writer.append(record);
        }
        final ReferenceProfile read = ReferenceProfileAvro.read(file);
        assertThat(read.explanation()).isEqualTo(ExplanationReference.NONE);
        assertThat(read.explanation().novelty().known()).isFalse();
        assertThat(read.explanation().nearest(new float[16], 3)).isEmpty();
        assertThat(read.tolerances()).isEqualTo(profile.tolerances());
    }

    private static float[] toFloat(final double[] v) {
        final float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) v[i];
        }
        return out;
    }
}
