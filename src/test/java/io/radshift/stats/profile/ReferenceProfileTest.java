package io.radshift.stats.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.radshift.stats.Observation;
import io.radshift.stats.SyntheticStudies;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReferenceProfileTest {

    private static final int STUDIES = 3000;
    private static List<Observation> reference;
    private static ReferenceProfileBuilder builder;
    private static ReferenceProfile profile;

    @BeforeAll
    static void build() {
        reference = new SyntheticStudies(16, 3).draw(STUDIES, SyntheticStudies.Shift.NONE,
            new SplittableRandom(11), "ref");
        final ProfileSettings settings = ProfileSettings.defaults().withNullWindows(400);
        builder = new ReferenceProfileBuilder(SyntheticStudies.LABELS, "toy-model", "hash-1", settings);
        for (int i = 0; i < reference.size(); i++) {
            builder.add(reference.get(i), patientOf(i));
        }
        profile = builder.build("profile-1", 1_700_000_000_000L);
    }

    /** Two studies per patient. */
    private static String patientOf(final int i) {
        return "patient" + i / 2;
    }

    @Test
    void splitKeepsPatientsOnOneSideAndHoldsOutAboutThirtyPercent() {
        for (int i = 0; i < STUDIES; i += 2) {
            assertThat(builder.isCalibration(patientOf(i))).isEqualTo(builder.isCalibration(patientOf(i + 1)));
        }
        final double calibrationShare = (double) profile.embedding().calibrationCount() / STUDIES;
        // 1,500 patients, each held out with probability 0.3: sd of the share ~ 0.012.
        assertThat(calibrationShare).isCloseTo(0.3, within(0.05));
        assertThat(profile.embedding().fitCount() + profile.embedding().calibrationCount()).isEqualTo(STUDIES);
    }

    @Test
    void bandwidthIsTheMedianPairwiseDistanceOfTheFitPart() {
        final List<float[]> fit = new ArrayList<>();
        for (int i = 0; i < STUDIES; i++) {
            if (!builder.isCalibration(patientOf(i))) {
                fit.add(reference.get(i).embedding());
            }
        }
        // The builder subsamples 1,000 fit studies; the median over all fit pairs must be close to it.
        final double[] d = new double[fit.size() * (fit.size() - 1) / 2];
        int k = 0;
        for (int i = 0; i < fit.size(); i++) {
            for (int j = i + 1; j < fit.size(); j++) {
                double s = 0;
                for (int t = 0; t < fit.get(i).length; t++) {
                    s += Math.pow(fit.get(i)[t] - fit.get(j)[t], 2);
                }
                d[k++] = Math.sqrt(s);
            }
        }
        Arrays.sort(d);
        assertThat(profile.embedding().rffSigma()).isCloseTo(d[d.length / 2], within(0.03 * d[d.length / 2]));
    }

    @Test
    void labelStatisticsAndRareLabels() {
        final LabelReference labels = profile.labels();
        final int rare = labels.labels().indexOf("rare");
        long positives = 0;
        long known = 0;
        for (final Observation o : reference) {
            if (o.known()[rare]) {
                known++;
                positives += o.positives()[rare] ? 1 : 0;
            }
        }
        assertThat(labels.positives()[rare]).isEqualTo(positives);
        assertThat(labels.known()[rare]).isEqualTo(known);
        assertThat(labels.prevalence(rare)).isCloseTo((positives + 0.5) / (known + 1.0), within(1e-15));
        assertThat(labels.rareLabels()).contains("rare").doesNotContain("effusion");
        assertThat(Arrays.stream(labels.histograms()[0]).sum()).isEqualTo(STUDIES);
        // The reference's own ground-truth metrics, the weekly review's baseline, over its labelled studies.
        final long rarePositives = positives;
        assertThat(labels.referenceTruth()).hasValueSatisfying(t -> {
            assertThat(t.labelledCount()).isEqualTo(reference.stream().filter(Observation::hasTruth).count());
            assertThat(t.perLabel().get(rare).support()).isEqualTo(rarePositives);
            assertThat(t.perLabel().get(rare).overconfidenceGap()).isEqualTo(labels.overconfidenceGap()[rare]);
        });
    }

    @Test
    void nullThresholdsFallWithWindowSizeAtTheTheoreticalRate() {
        final NullDistribution mmd = profile.nullDistribution(ReferenceProfile.MMD2_RFF);
        final NullDistribution euclidean = profile.nullDistribution(ReferenceProfile.CENTROID_EUCLIDEAN2);
        double previous = Double.POSITIVE_INFINITY;
        for (final int n : new int[] {5, 10, 15, 20, 40, 50, 60, 100, 250, 1000, 2000, 5000}) {
            final double threshold = mmd.threshold(0.05, n);
            assertThat(threshold).isLessThan(previous);
            previous = threshold;
        }
        // Beyond the grid the extrapolation is exactly 1/n for MMD^2 and 1/sqrt(n) for the distance.
        assertThat(mmd.threshold(0.05, 2000) * 2000).isCloseTo(mmd.threshold(0.05, 4000) * 4000,
            within(1e-9 * mmd.threshold(0.05, 2000) * 2000));
        assertThat(Math.sqrt(euclidean.threshold(0.05, 2000)) / Math.sqrt(euclidean.threshold(0.05, 8000)))
            .isCloseTo(2.0, within(1e-9));
    }

    @Test
    void fittedScaledChiSquareAgreesWithEmpiricalNullQuantiles() {
        // The embedding statistics are quadratic forms of a window mean, where the moment fit is accurate; the
        // quality and chi-squared nulls are floored by their empirical quantiles instead (NullDistributionTest).
        for (final NullDistribution d : profile.nulls().stream().filter(d -> List.of(
            ReferenceProfile.CENTROID_EUCLIDEAN2, ReferenceProfile.CENTROID_COSINE, ReferenceProfile.MMD2_RFF)
            .contains(d.statistic())).toList()) {
            for (int s = 0; s < d.sizes().length; s++) {
                final int n = d.sizes()[s];
                // 95% quantile from 400 windows has ~5-8% sampling error; the moment fit must match it.
                assertThat(d.threshold(0.05, n)).as("%s n=%d", d.statistic(), n)
                    .isCloseTo(d.quantiles()[s][1], within(0.15 * d.quantiles()[s][1]));
            }
        }
    }

    @Test
    void avroRoundTripPreservesTheProfile(@TempDir final Path dir) throws IOException {
        final Path file = dir.resolve("profile.avro");
        ReferenceProfileAvro.write(profile, file);
        final ReferenceProfile read = ReferenceProfileAvro.read(file, "toy-model", "hash-1");
        assertThat(read.tags()).isEqualTo(profile.tags());
        assertThat(read.embedding().mean()).containsExactly(profile.embedding().mean());
        assertThat(read.embedding().rffMean()).containsExactly(profile.embedding().rffMean());
        assertThat(read.labels().histograms()).isDeepEqualTo(profile.labels().histograms());
        assertThat(read.labels().rareLabels()).isEqualTo(profile.labels().rareLabels());
        assertThat(read.labels().truth()).isNotNull().isEqualTo(profile.labels().truth());
        assertThat(read.metadata()).hasSameSizeAs(profile.metadata());
        assertThat(read.nullDistribution(ReferenceProfile.MMD2_RFF).threshold(0.05, 77))
            .isEqualTo(profile.nullDistribution(ReferenceProfile.MMD2_RFF).threshold(0.05, 77));
        assertThat(read.aggregateSpec().fingerprint()).isEqualTo(profile.aggregateSpec().fingerprint());
    }

    @Test
    void readingAnotherBundleOrFormatVersionFailsClearly(@TempDir final Path dir) throws IOException {
        final Path file = dir.resolve("profile.avro");
        ReferenceProfileAvro.write(profile, file);
        assertThatThrownBy(() -> ReferenceProfileAvro.read(file, "toy-model", "hash-2"))
            .isInstanceOf(IllegalStateException.class)
            .hasMessage("profile profile-1 was built for model toy-model (bundle hash-1) but windows come from "
                + "bundle hash-2: rebuild the profile with radshift baseline");
        final GenericRecord record = ReferenceProfileAvro.toRecord(profile);
        record.put("formatVersion", 99);
        final Path future = dir.resolve("future.avro");
        try (DataFileWriter<GenericRecord> writer =
                 new DataFileWriter<>(new GenericDatumWriter<>(ReferenceProfileAvro.SCHEMA))) {
            writer.create(ReferenceProfileAvro.SCHEMA, future.toFile());
            writer.append(record);
        }
        assertThatThrownBy(() -> ReferenceProfileAvro.read(future)).isInstanceOf(IOException.class)
            .hasMessageContaining("format version 99");
    }

    @Test
    void schemaFileMatchesTheSchemaInCode() throws IOException {
        final Schema file = new Schema.Parser().parse(Files.readString(Path.of("src/main/avro/ReferenceProfile.avsc")));
        assertThat(file).isEqualTo(ReferenceProfileAvro.SCHEMA);
    }
}
