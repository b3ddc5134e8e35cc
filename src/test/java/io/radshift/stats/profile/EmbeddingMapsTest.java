package io.radshift.stats.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.radshift.stats.Observation;
import io.radshift.stats.SyntheticStudies;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
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

class EmbeddingMapsTest {

    private static final int D = 6;

    /**
     * Studies spread with sd 3 along (1, 1, 0, 0, 0, 0) / sqrt 2, sd 2 along (0, 0, 1, 0, 0, 0), sd 0.5 along
     * every other direction, around (1, 0, ..., 0): the principal axes and their variances are known.
     */
    private static List<Observation> anisotropic(final int n, final SplittableRandom random) {
        final List<Observation> out = new ArrayList<>();
        final double s = Math.sqrt(0.5);
        for (int i = 0; i < n; i++) {
            final double a = 3 * gaussian(random);
            final double b = 2 * gaussian(random);
            final double c = 0.5 * gaussian(random);
            final float[] e = new float[D];
            e[0] = (float) (1 + a * s + c * s);
            e[1] = (float) (a * s - c * s);
            e[2] = (float) b;
            for (int d = 3; d < D; d++) {
                e[d] = (float) (0.5 * gaussian(random));
            }
            out.add(new Observation("s" + i, e, new float[] {0.5f}, new double[6], Map.of()));
        }
        return out;
    }

    private static double gaussian(final SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    private static double[] mean(final List<Observation> studies) {
        final double[] mean = new double[D];
        studies.forEach(o -> {
            for (int d = 0; d < D; d++) {
                mean[d] += o.embedding()[d] / studies.size();
            }
        });
        return mean;
    }

    @Test
    void powerIterationFindsTheKnownPrincipalAxesAndTheirVariances() {
        final List<Observation> studies = anisotropic(4000, new SplittableRandom(1));
        final EmbeddingMap map = EmbeddingMaps.build(studies, studies, mean(studies), 7L);

        final double s = Math.sqrt(0.5);
        assertThat(Math.abs(map.axes()[0][0] * s + map.axes()[0][1] * s)).as("first axis along (1,1)/sqrt2")
            .isCloseTo(1, within(1e-3));
        assertThat(Math.abs(map.axes()[1][2])).as("second axis along e3").isCloseTo(1, within(1e-3));
        // Sample variances of 4,000 draws: within ~5 % of 9 and 4.
        assertThat(map.variances()[0]).isCloseTo(9, within(0.5));
        assertThat(map.variances()[1]).isCloseTo(4, within(0.25));
        // Total variance 9 + 4 + 4 * 0.25 = 14.
        assertThat(map.totalVariance()).isCloseTo(14, within(0.7));
        assertThat(map.explained(0)).isCloseTo(9.0 / 14, within(0.03));
        double dot = 0;
        for (int d = 0; d < D; d++) {
            dot += map.axes()[0][d] * map.axes()[1][d];
        }
        assertThat(dot).as("axes orthogonal").isCloseTo(0, within(1e-9));
        // Largest component positive: the same reference always gives the same map.
        assertThat(map.axes()[0][0]).isPositive();
    }

    @Test
    void keepsAtMostFiveHundredReferencePointsProjectedOnTheAxes() {
        final List<Observation> studies = anisotropic(1200, new SplittableRandom(2));
        final EmbeddingMap map = EmbeddingMaps.build(studies.subList(0, 800), studies, mean(studies.subList(0, 800)), 3L);
        assertThat(map.points()).hasDimensions(EmbeddingMap.MAX_POINTS, 2);
        // Every point is the projection of some reference study.
        final double[] first = map.points()[0];
        assertThat(studies).anySatisfy(o -> {
            assertThat(map.project(o.embedding())[0]).isEqualTo(first[0]);
            assertThat(map.project(o.embedding())[1]).isEqualTo(first[1]);
        });
        // A study shifted by 4 along the first axis lands 4 further along x, y unchanged.
        final float[] e = studies.get(5).embedding().clone();
        final float[] shifted = e.clone();
        for (int d = 0; d < D; d++) {
            shifted[d] += (float) (4 * map.axes()[0][d]);
        }
        assertThat(map.project(shifted)[0] - map.project(e)[0]).isCloseTo(4, within(1e-5));
        assertThat(map.project(shifted)[1] - map.project(e)[1]).isCloseTo(0, within(1e-5));
        final EmbeddingMap small = EmbeddingMaps.build(studies.subList(0, 30), studies.subList(0, 30),
            mean(studies.subList(0, 30)), 3L);
        assertThat(small.points()).hasNumberOfRows(30);
    }

    @Test
    void profilesKeepTheirMapAndOlderFilesLoadWithout(@TempDir final Path dir) throws IOException {
        final ReferenceProfileBuilder builder = new ReferenceProfileBuilder(SyntheticStudies.LABELS, "toy", "hash",
            ProfileSettings.defaults().withNullWindows(100));
        new SyntheticStudies(16, 3).draw(1000, SyntheticStudies.Shift.NONE, new SplittableRandom(5), "ref")
            .forEach(builder::add);
        final ReferenceProfile profile = builder.build("p", 0L);
        final EmbeddingMap map = profile.embedding().embeddingMap().orElseThrow();
        assertThat(map.points()).hasNumberOfRows(EmbeddingMap.MAX_POINTS);
        assertThat(map.center()).containsExactly(profile.embedding().mean());

        final Path file = dir.resolve("profile.avro");
        ReferenceProfileAvro.write(profile, file);
        final EmbeddingMap read = ReferenceProfileAvro.read(file).embedding().embeddingMap().orElseThrow();
        assertThat(read.axes()).isDeepEqualTo(map.axes());
        assertThat(read.points()).isDeepEqualTo(map.points());
        assertThat(read.variances()).containsExactly(map.variances());
        assertThat(read.totalVariance()).isEqualTo(map.totalVariance());

        final Schema older = withoutMap();
        final GenericRecord current = ReferenceProfileAvro.toRecord(profile);
        final GenericRecord record = new GenericData.Record(older);
        older.getFields().forEach(f -> record.put(f.name(), current.get(f.name())));
        final GenericRecord embedding = new GenericData.Record(older.getField("embedding").schema());
        older.getField("embedding").schema().getFields().forEach(f ->
            embedding.put(f.name(), ((GenericRecord) current.get("embedding")).get(f.name())));
        record.put("embedding", embedding);
        final Path olderFile = dir.resolve("older.avro");
        try (DataFileWriter<GenericRecord> writer = new DataFileWriter<>(new GenericDatumWriter<>(older))) {
            writer.create(older, olderFile.toFile());
            writer.append(record);
        }
        final ReferenceProfile fromOlder = ReferenceProfileAvro.read(olderFile);
        assertThat(fromOlder.embedding().embeddingMap()).isEmpty();
        assertThat(fromOlder.embedding().mean()).containsExactly(profile.embedding().mean());
    }

    /** The profile schema as written before the embedding map existed. */
    private static Schema withoutMap() throws IOException {
        final ObjectNode json = (ObjectNode) new ObjectMapper().readTree(ReferenceProfileAvro.SCHEMA.toString());
        for (final var field : json.get("fields")) {
            if (field.get("name").asText().equals("embedding")) {
                final ArrayNode inner = (ArrayNode) field.get("type").get("fields");
                for (int i = inner.size() - 1; i >= 0; i--) {
                    if (inner.get(i).get("name").asText().equals("map")) {
                        inner.remove(i);
                    }
                }
            }
        }
        return new Schema.Parser().parse(json.toString());
    }
}
