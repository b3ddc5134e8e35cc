package io.radshift.stats;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * One change to a {@link WindowAggregate}: a study, a study's ground truth or a dead-lettered study, with a compact
 * binary form. A pane store can keep a pane as its last encoded aggregate plus the updates since, and replaying
 * them in order rebuilds exactly the aggregate that applying them at once built (the same sums in the same order),
 * so a study need not re-encode its whole pane (kilobytes of sums) to be kept: its update is a few hundred bytes.
 */
public sealed interface AggregateUpdate {

    /** Applies this update to {@code aggregate} (mutates it). */
    void applyTo(WindowAggregate aggregate);

    /** The update's bytes, read back by {@link #fromBytes}. */
    byte[] toBytes();

    /** Reads an update written by {@link #toBytes}. */
    static AggregateUpdate fromBytes(final byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            final byte tag = in.readByte();
            return switch (tag) {
                case Study.TAG -> Study.read(in);
                case Truth.TAG -> Truth.read(in);
                case DeadLetter.TAG -> new DeadLetter(in.readUTF());
                default -> throw new IllegalArgumentException("unknown aggregate update tag " + tag);
            };
        } catch (final IOException | RuntimeException e) {
            throw new IllegalArgumentException("corrupt aggregate update bytes: " + e.getMessage(), e);
        }
    }

    /** A study: {@link WindowAggregate#add(Observation)}. */
    record Study(Observation observation) implements AggregateUpdate {

        static final byte TAG = 1;

        @Override
        public void applyTo(final WindowAggregate aggregate) {
            aggregate.add(observation);
        }

        @Override
        public byte[] toBytes() {
            final Observation o = observation;
            return UpdateCodec.write(TAG, out -> {
                out.writeUTF(o.studyId());
                UpdateCodec.writeFloats(out, o.embedding());
                UpdateCodec.writeFloats(out, o.scores());
                UpdateCodec.writeDoubles(out, o.quality());
                writeMetadata(out, o.metadata());
                out.writeBoolean(o.hasTruth());
                if (o.hasTruth()) {
                    UpdateCodec.writeBooleans(out, o.positives());
                    UpdateCodec.writeBooleans(out, o.known());
                }
            });
        }

        private static Study read(final DataInputStream in) throws IOException {
            final String studyId = in.readUTF();
            final float[] embedding = UpdateCodec.readFloats(in);
            final float[] scores = UpdateCodec.readFloats(in);
            final double[] quality = UpdateCodec.readDoubles(in);
            final Map<String, String> metadata = readMetadata(in);
            final boolean truth = in.readBoolean();
            final boolean[] positives = truth ? UpdateCodec.readBooleans(in) : null;
            final boolean[] known = truth ? UpdateCodec.readBooleans(in) : null;
            return new Study(new Observation(studyId, embedding, scores, quality, metadata, positives, known));
        }

        private static void writeMetadata(final DataOutputStream out, final Map<String, String> metadata)
            throws IOException {
            out.writeInt(metadata.size());
            for (final Map.Entry<String, String> entry : metadata.entrySet()) {
                out.writeUTF(entry.getKey());
                out.writeBoolean(entry.getValue() != null);
                if (entry.getValue() != null) {
                    out.writeUTF(entry.getValue());
                }
            }
        }

        private static Map<String, String> readMetadata(final DataInputStream in) throws IOException {
            final int size = in.readInt();
            final Map<String, String> metadata = new HashMap<>();
            for (int i = 0; i < size; i++) {
                final String key = in.readUTF();
                metadata.put(key, in.readBoolean() ? in.readUTF() : null);
            }
            return metadata;
        }
    }

    /** A study's ground truth, matched to its scores: {@code truth().add(scores, positives, known)}. */
    record Truth(float[] scores, boolean[] positives, boolean[] known) implements AggregateUpdate {

        static final byte TAG = 2;

        @Override
        public void applyTo(final WindowAggregate aggregate) {
            aggregate.truth().add(scores, positives, known);
        }

        @Override
        public byte[] toBytes() {
            return UpdateCodec.write(TAG, out -> {
                UpdateCodec.writeFloats(out, scores);
                UpdateCodec.writeBooleans(out, positives);
                UpdateCodec.writeBooleans(out, known);
            });
        }

        private static Truth read(final DataInputStream in) throws IOException {
            return new Truth(UpdateCodec.readFloats(in), UpdateCodec.readBooleans(in), UpdateCodec.readBooleans(in));
        }
    }

    /** A study dead-lettered for {@code reason}: {@link WindowAggregate#addDeadLetter(String)}. */
    record DeadLetter(String reason) implements AggregateUpdate {

        static final byte TAG = 3;

        @Override
        public void applyTo(final WindowAggregate aggregate) {
            aggregate.addDeadLetter(reason);
        }

        @Override
        public byte[] toBytes() {
            return UpdateCodec.write(TAG, out -> out.writeUTF(reason));
        }
    }
}
