package io.radshift.alert;

import io.radshift.avro.AlertKind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * Where a site's incident stands after one of its windows: what the all-sites view needs to tell whether a
 * site's own incident explains an all-sites incident ({@link SiteIncidentIndex}).
 *
 * @param site       site id
 * @param windowKind window scheme
 * @param windowEnd  end of the window just applied
 * @param open       whether the site's incident is open after it
 * @param material   whether that window had material evidence
 * @param kinds      kinds of the evidence the incident holds (tests material in its last gating windows)
 */
public record IncidentStatus(String site, String windowKind, long windowEnd, boolean open, boolean material,
                             Set<AlertKind> kinds) {

    private static final byte VERSION = 1;

    /** Copies the kinds. */
    public IncidentStatus {
        kinds = kinds.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(kinds));
    }

    /**
     * Whether the site holds, in an open incident or in window {@code end}, evidence that explains an all-sites
     * incident of {@code others}: evidence of one of those kinds, or, when the all-sites incident shows a change
     * of the studies themselves ({@link AlertKinds#isDataDrift}), any such change. A site whose studies changed
     * moves the pooled view in ways its own smaller windows may show as another kind (a rare finding ten times
     * as common was the site's calibration and the pool's embedding in {@code bench alerts}); a silent site or one
     * with broken input explains no change of the studies.
     */
    public boolean explains(final long end, final Set<AlertKind> others) {
        if (!open && !(material && windowEnd == end)) {
            return false;
        }
        final boolean dataDrift = others.stream().anyMatch(AlertKinds::isDataDrift)
            && kinds.stream().anyMatch(AlertKinds::isDataDrift);
        return dataDrift || others.stream().anyMatch(kinds::contains);
    }

    /** A compact encoding for the all-sites topic and state stores. */
    public byte[] toBytes() {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeUTF(site);
            out.writeUTF(windowKind);
            out.writeLong(windowEnd);
            out.writeBoolean(open);
            out.writeBoolean(material);
            out.writeByte(kinds.size());
            for (AlertKind kind : kinds) {
                out.writeUTF(kind.name());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Decodes {@link #toBytes()}; a record of another format is an IllegalArgumentException. */
    public static IncidentStatus fromBytes(final byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            final byte version = in.readByte();
            if (version != VERSION) {
                throw new IllegalArgumentException("incident status format version " + version + " is not " + VERSION);
            }
            final String site = in.readUTF();
            final String kind = in.readUTF();
            final long end = in.readLong();
            final boolean open = in.readBoolean();
            final boolean material = in.readBoolean();
            final int count = in.readByte();
            final Set<AlertKind> kinds = EnumSet.noneOf(AlertKind.class);
            for (int i = 0; i < count; i++) {
                kinds.add(AlertKind.valueOf(in.readUTF()));
            }
            return new IncidentStatus(site, kind, end, open, material, kinds);
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated incident status record", e);
        }
    }
}
