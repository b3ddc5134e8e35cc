package io.radshift.stats;

import io.radshift.stats.metrics.GroundTruthAccumulator;
import io.radshift.stats.sketch.CategoryCounts;
import io.radshift.stats.sketch.TopKNovel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.TreeMap;

/**
 * Compact binary codec of {@link WindowAggregate} state (e.g. for a Kafka Streams state-store serde). The spec
 * itself is not written, only its fingerprint: the reader supplies the spec (from the reference profile) and a
 * mismatch is rejected. Layout (big-endian, DataOutput): magic "RSWA", version byte, spec fingerprint, count,
 * then fixed-shape arrays of doubles/longs in spec order (embedding sum and sum of squares, RFF sum, histograms,
 * score sums, high-confidence counts, ground-truth state, metadata known-category counts), then the bounded
 * variable parts (novel categories, dead-letter reasons, top-k ids) and the quality moments. Size is therefore
 * independent of the number of studies: 8 x (2d + D + L(B + 2) + ...) bytes plus the bounded name lists.
 */
public final class WindowAggregateCodec {

    private static final int MAGIC = 0x52535741;
    private static final byte VERSION = 1;

    private WindowAggregateCodec() {
    }

    /** Serialises the aggregate. */
    public static byte[] toBytes(final WindowAggregate aggregate) {
        // Sized for a typical pane (embedding sums, RFF sums, histograms) to spare the stream's regrowth.
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 * 1024);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeByte(VERSION);
            out.writeLong(aggregate.spec().fingerprint());
            out.writeLong(aggregate.count);
            final Sink sink = new Sink(out);
            sink.doubles(aggregate.embeddingSum);
            sink.doubles(aggregate.embeddingSumSquares);
            sink.doubles(aggregate.rffSum);
            for (final long[] histogram : aggregate.histograms) {
                sink.longs(histogram);
            }
            sink.doubles(aggregate.scoreSums);
            sink.longs(aggregate.highConfidence);
            aggregate.truth.writeTo(sink);
            writeMetadata(out, aggregate);
            writeCounts(out, aggregate.deadLetters);
            writeNovel(out, aggregate);
            sink.longs(aggregate.qualityCounts);
            sink.doubles(aggregate.qualitySums);
            sink.doubles(aggregate.qualitySumSquares);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void writeMetadata(final DataOutputStream out, final WindowAggregate aggregate)
        throws IOException {
        for (final CategoryCounts counts : aggregate.metadata.values()) {
            for (int i = 0; i < counts.known().size(); i++) {
                out.writeLong(counts.knownCount(i));
            }
            writeCounts(out, counts.novel());
            out.writeLong(counts.overflow());
        }
    }

    private static void writeCounts(final DataOutputStream out, final Map<String, Long> counts)
        throws IOException {
        out.writeInt(counts.size());
        for (final Map.Entry<String, Long> entry : counts.entrySet()) {
            out.writeUTF(entry.getKey());
            out.writeLong(entry.getValue());
        }
    }

    private static void writeNovel(final DataOutputStream out, final WindowAggregate aggregate) throws IOException {
        final var entries = aggregate.novel.mostNovelFirst();
        out.writeInt(entries.size());
        for (final TopKNovel.Entry entry : entries) {
            out.writeUTF(entry.studyId());
            out.writeDouble(entry.score());
        }
    }

    /** Reads an aggregate written by {@link #toBytes} for the same spec. */
    public static WindowAggregate fromBytes(final byte[] data, final AggregateSpec spec) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            checkHeader(in, spec);
            final WindowAggregate aggregate = WindowAggregate.empty(spec);
            aggregate.count = in.readLong();
            final Source source = new Source(in);
            source.doubles(aggregate.embeddingSum);
            source.doubles(aggregate.embeddingSumSquares);
            source.doubles(aggregate.rffSum);
            for (final long[] histogram : aggregate.histograms) {
                source.longs(histogram);
            }
            source.doubles(aggregate.scoreSums);
            source.longs(aggregate.highConfidence);
            aggregate.truth.readFrom(source);
            readMetadata(in, aggregate);
            readCounts(in).forEach(aggregate.deadLetters::put);
            readNovel(in, aggregate);
            source.longs(aggregate.qualityCounts);
            source.doubles(aggregate.qualitySums);
            source.doubles(aggregate.qualitySumSquares);
            return aggregate;
        } catch (final IOException | UncheckedIOException e) {
            throw new IllegalArgumentException("corrupt window aggregate bytes: " + e.getMessage(), e);
        }
    }

    private static void checkHeader(final DataInputStream in, final AggregateSpec spec) throws IOException {
        if (in.readInt() != MAGIC) {
            throw new IllegalArgumentException("not a RadShift window aggregate (bad magic)");
        }
        final byte version = in.readByte();
        if (version != VERSION) {
            throw new IllegalArgumentException("unsupported window aggregate version " + version);
        }
        if (in.readLong() != spec.fingerprint()) {
            throw new IllegalArgumentException(
                "window aggregate was built for a different profile/spec (fingerprint mismatch)");
        }
    }

    private static void readMetadata(final DataInputStream in, final WindowAggregate aggregate) throws IOException {
        for (final CategoryCounts counts : aggregate.metadata.values()) {
            for (final String category : counts.known()) {
                counts.add(category, in.readLong());
            }
            readCounts(in).forEach(counts::add);
            counts.add(CategoryCounts.OVERFLOW, in.readLong());
        }
    }

    private static Map<String, Long> readCounts(final DataInputStream in) throws IOException {
        final int size = in.readInt();
        final Map<String, Long> counts = new TreeMap<>();
        for (int i = 0; i < size; i++) {
            counts.put(in.readUTF(), in.readLong());
        }
        return counts;
    }

    private static void readNovel(final DataInputStream in, final WindowAggregate aggregate) throws IOException {
        final int size = in.readInt();
        for (int i = 0; i < size; i++) {
            aggregate.novel.offer(in.readUTF(), in.readDouble());
        }
    }

    /**
     * Writes arrays in one bulk copy each: the pane store re-encodes a whole aggregate for every study, and one
     * {@code writeLong} call per element was a fifth of the stream thread's time (bench topology, JFR). The bytes
     * are the same big-endian values {@link DataOutputStream} writes.
     */
    private record Sink(DataOutputStream out) implements GroundTruthAccumulator.StateSink {
        @Override
        public void longs(final long[] values) {
            final ByteBuffer buffer = ByteBuffer.allocate(values.length * Long.BYTES);
            buffer.asLongBuffer().put(values);
            write(buffer.array());
        }

        @Override
        public void doubles(final double[] values) {
            final ByteBuffer buffer = ByteBuffer.allocate(values.length * Double.BYTES);
            buffer.asDoubleBuffer().put(values);
            write(buffer.array());
        }

        private void write(final byte[] bytes) {
            try {
                out.write(bytes);
            } catch (final IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Reads arrays in one bulk copy each, the counterpart of {@link Sink}. */
    private record Source(DataInputStream in) implements GroundTruthAccumulator.StateSource {
        @Override
        public void longs(final long[] into) {
            read(into.length * Long.BYTES).asLongBuffer().get(into);
        }

        @Override
        public void doubles(final double[] into) {
            read(into.length * Double.BYTES).asDoubleBuffer().get(into);
        }

        private ByteBuffer read(final int length) {
            final byte[] bytes = new byte[length];
            try {
                in.readFully(bytes);
            } catch (final IOException e) {
                throw new UncheckedIOException(e);
            }
            return ByteBuffer.wrap(bytes);
        }
    }
}
