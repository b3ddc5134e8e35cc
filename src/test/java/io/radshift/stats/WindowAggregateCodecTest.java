package io.radshift.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.radshift.stats.sketch.RandomFourierFeatures;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WindowAggregateCodecTest {

    /** A BiomedCLIP-sized spec: d = 512, D = 256, 14 labels, 10 bins, top-10. */
    private static AggregateSpec realisticSpec() {
        final List<String> labels = java.util.stream.IntStream.range(0, 14).mapToObj(i -> "label" + i).toList();
        return new AggregateSpec(512, labels, new RandomFourierFeatures(512, 256, 1.0, 1), new double[512], 10,
            0.8, 0.5, 10, Map.of("viewPosition", List.of("PA", "AP", "LAT"), "sex", List.of("M", "F")), 16, 10);
    }

    private static WindowAggregate aggregateOf(final AggregateSpec spec, final int n) {
        final SplittableRandom random = new SplittableRandom(n);
        final WindowAggregate aggregate = WindowAggregate.empty(spec);
        for (int i = 0; i < n; i++) {
            final float[] e = new float[spec.dimension()];
            for (int d = 0; d < e.length; d++) {
                e[d] = (float) random.nextGaussian();
            }
            final float[] scores = new float[spec.labels().size()];
            for (int l = 0; l < scores.length; l++) {
                scores[l] = (float) random.nextDouble();
            }
            // Fixed-length ids: the only size difference allowed is in the top-k id strings.
            aggregate.add(new Observation(String.format("study-%08d", i), e, scores, new double[6],
                Map.of("viewPosition", i % 2 == 0 ? "PA" : "AP", "sex", "F")));
        }
        return aggregate;
    }

    @Test
    void sizeDoesNotGrowWithTheNumberOfStudies() {
        final AggregateSpec spec = realisticSpec();
        final byte[] small = WindowAggregateCodec.toBytes(aggregateOf(spec, 10));
        final byte[] large = WindowAggregateCodec.toBytes(aggregateOf(spec, 10_000));
        assertThat(large.length).isEqualTo(small.length);
        // 8 bytes x (2 x 512 embedding + 256 RFF + 14 x (10 + 2) histograms/sums + ground truth ...) ~ 17 KiB
        assertThat(large.length).isLessThan(24_000);
        System.out.println("WindowAggregate codec size for d=512, D=256, 14 labels: " + large.length + " bytes");
    }

    @Test
    void keepsTheBigEndianLayoutOfStoredPanesAndRoundTrips() throws java.io.IOException {
        final AggregateSpec spec = realisticSpec();
        final WindowAggregate aggregate = aggregateOf(spec, 25);
        final byte[] bytes = WindowAggregateCodec.toBytes(aggregate);
        // The bulk array writes keep DataOutputStream's layout: panes stored before still read.
        try (java.io.DataInputStream in = new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes))) {
            assertThat(in.readInt()).isEqualTo(0x52535741);
            in.readByte();
            assertThat(in.readLong()).isEqualTo(spec.fingerprint());
            assertThat(in.readLong()).isEqualTo(25);
            final double[] mean = aggregate.meanEmbedding();
            for (int d = 0; d < spec.dimension(); d++) {
                assertThat(in.readDouble() / 25).isEqualTo(mean[d]);
            }
        }
        final WindowAggregate back = WindowAggregateCodec.fromBytes(bytes, spec);
        assertThat(back.meanEmbedding()).containsExactly(aggregate.meanEmbedding());
        assertThat(back.rffSum()).containsExactly(aggregate.rffSum());
        assertThat(WindowAggregateCodec.toBytes(back)).isEqualTo(bytes);
    }

    @Test
    void rejectsTruncatedBytes() {
        final byte[] bytes = WindowAggregateCodec.toBytes(aggregateOf(realisticSpec(), 3));
        assertThatThrownBy(() -> WindowAggregateCodec.fromBytes(java.util.Arrays.copyOf(bytes, 1000),
            realisticSpec())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("corrupt");
    }

    @Test
    void rejectsStateOfAnotherSpec() {
        final byte[] bytes = WindowAggregateCodec.toBytes(aggregateOf(realisticSpec(), 3));
        final AggregateSpec other = new AggregateSpec(512, realisticSpec().labels(),
            new RandomFourierFeatures(512, 256, 2.0, 1), new double[512], 10, 0.8, 0.5, 10, Map.of(), 16, 10);
        assertThatThrownBy(() -> WindowAggregateCodec.fromBytes(bytes, other))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("different profile");
    }
}
