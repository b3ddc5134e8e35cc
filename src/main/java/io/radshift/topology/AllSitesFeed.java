package io.radshift.topology;

import io.radshift.alert.IncidentStatus;
import io.radshift.window.ClosedWindow;
import io.radshift.window.SitePresence;
import io.radshift.window.WindowFeed;
import java.util.Arrays;
import java.util.Optional;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A record of the internal all-sites topic, keyed {@code *}: a closed site window or a site joining or leaving
 * ({@link SitePresence}) for the all-sites merge, or where a site's incident stands after that window for the
 * all-sites paging rule.
 *
 * <p>Both travel through one topic, so that the all-sites task reads them in the order the site tasks wrote them:
 * a site's incident status for a window is written (in the same transaction, just before) with the site's window
 * itself, so it is always read before the all-sites window that merges it. Two topics would be read in timestamp
 * order, and both carry the window end.
 */
sealed interface AllSitesFeed {

    /** A closed site window. */
    record SiteWindow(ClosedWindow window) implements AllSitesFeed {
    }

    /** Where a site's incident stands. */
    record SiteIncident(IncidentStatus status) implements AllSitesFeed {
    }

    /** A site joining or leaving the all-sites view. */
    record Presence(SitePresence presence) implements AllSitesFeed {
    }

    /** What the window aggregator emitted, for the all-sites topic. */
    static AllSitesFeed of(final WindowFeed feed) {
        return feed instanceof ClosedWindow w ? new SiteWindow(w) : new Presence((SitePresence) feed);
    }

    /** What the all-sites merge reads: a site window or a site's presence. */
    default Optional<WindowFeed> windowFeed() {
        if (this instanceof SiteWindow w) {
            return Optional.of(w.window());
        }
        return this instanceof Presence p ? Optional.of(p.presence()) : Optional.empty();
    }

    /** The site window, if this is one. */
    default Optional<ClosedWindow> siteWindow() {
        return this instanceof SiteWindow w ? Optional.of(w.window()) : Optional.empty();
    }

    /** The incident status, if this is one. */
    default Optional<IncidentStatus> siteIncident() {
        return this instanceof SiteIncident s ? Optional.of(s.status()) : Optional.empty();
    }

    /** Tag byte, then the window's or the status's own encoding. */
    static Serde<AllSitesFeed> serde() {
        final Serde<ClosedWindow> windows = ClosedWindow.serde();
        final Serializer<AllSitesFeed> serializer = (topic, feed) -> {
            if (feed instanceof SiteWindow w) {
                return tagged('W', windows.serializer().serialize(topic, w.window()));
            }
            if (feed instanceof Presence p) {
                return tagged('P', p.presence().toBytes());
            }
            return feed instanceof SiteIncident s ? tagged('S', s.status().toBytes()) : null;
        };
        final Deserializer<AllSitesFeed> deserializer = (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            final byte[] body = Arrays.copyOfRange(bytes, Math.min(1, bytes.length), bytes.length);
            return switch (bytes.length == 0 ? 0 : bytes[0]) {
                case 'W' -> new SiteWindow(windows.deserializer().deserialize(topic, body));
                case 'S' -> new SiteIncident(IncidentStatus.fromBytes(body));
                case 'P' -> new Presence(SitePresence.fromBytes(body));
                default -> throw new IllegalArgumentException("not an all-sites record: tag byte "
                        + (bytes.length == 0 ? "missing" : String.valueOf(bytes[0])));
            };
        };
        return Serdes.serdeFrom(serializer, deserializer);
    }

    private static byte[] tagged(final char tag, final byte[] body) {
        final byte[] out = new byte[body.length + 1];
        out[0] = (byte) tag;
        System.arraycopy(body, 0, out, 1, body.length);
        return out;
    }
}
