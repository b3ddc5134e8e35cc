package io.radshift.window;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * One (site, window) whose end plus grace has passed: the merged aggregate of its panes, ready for evaluation.
 *
 * @param site           site id, or {@link #ALL_SITES}
 * @param windowKind     configured window name
 * @param start          window start (event time, inclusive)
 * @param end            window end (event time, exclusive)
 * @param aggregate      the {@link io.radshift.stats.WindowAggregateCodec} bytes of the window
 * @param lateDropped    studies dropped since the previous window of this kind closed because they came too late
 * @param lastStudyTime  event time of the site's most recent study (for site-silent)
 * @param watermark      the site's event-time clock when the window closed (for the all-sites view, the latest)
 * @param sites          how many sites the aggregate merges (1 for a site window)
 */
public record ClosedWindow(String site, String windowKind, long start, long end, byte[] aggregate, long lateDropped,
                           long lastStudyTime, long watermark, int sites) implements WindowFeed {

    /** The site id of the all-sites view. */
    public static final String ALL_SITES = "*";

    private static final byte VERSION = 1;

    /** A serde for the internal topic that carries site windows to the all-sites merge. */
    public static Serde<ClosedWindow> serde() {
        return Serdes.serdeFrom((Serializer<ClosedWindow>) (topic, w) -> w == null ? null : w.toBytes(),
                (Deserializer<ClosedWindow>) (topic, bytes) -> bytes == null ? null : fromBytes(bytes));
    }

    byte[] toBytes() {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(aggregate.length + 96);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeUTF(site);
            out.writeUTF(windowKind);
            out.writeLong(start);
            out.writeLong(end);
            out.writeLong(lateDropped);
            out.writeLong(lastStudyTime);
            out.writeLong(watermark);
            out.writeInt(sites);
            out.writeInt(aggregate.length);
            out.write(aggregate);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static ClosedWindow fromBytes(final byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            final byte version = in.readByte();
            if (version != VERSION) {
                throw new IllegalArgumentException("closed window format version " + version + " is not " + VERSION);
            }
            final String site = in.readUTF();
            final String kind = in.readUTF();
            final long start = in.readLong();
            final long end = in.readLong();
            final long late = in.readLong();
            final long last = in.readLong();
            final long watermark = in.readLong();
            final int sites = in.readInt();
            final byte[] aggregate = new byte[in.readInt()];
            in.readFully(aggregate);
            return new ClosedWindow(site, kind, start, end, aggregate, late, last, watermark, sites);
        } catch (IOException e) {
            throw new UncheckedIOException("truncated closed-window record", e);
        }
    }
}
