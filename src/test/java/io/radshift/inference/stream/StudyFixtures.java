package io.radshift.inference.stream;

import io.radshift.avro.AcquisitionMetadata;
import io.radshift.avro.ImageFormat;
import io.radshift.avro.StudyEvent;
import io.radshift.config.RadShiftConfig;
import io.radshift.inference.bundle.ModelBundle;
import io.radshift.tools.demo.model.DemoBundleBuilder;
import io.radshift.tools.demo.model.PhantomGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Set;

/** Study events with real phantom PNGs, and the demo bundle, shared by the inference stage tests. */
final class StudyFixtures {

    /**
     * Event times start a day ago (whole hour): a real broker deletes records older than its 7-day retention, so a
     * fixed date in the past would make the integration tests' records disappear.
     */
    static final long BASE_TIME = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(1)).toEpochMilli();
    private static final PhantomGenerator PHANTOMS = new PhantomGenerator();
    private static ModelBundle bundle;

    private StudyFixtures() {
    }

    /** The demo bundle, built once per JVM into a temporary directory. */
    static synchronized ModelBundle bundle() {
        if (bundle == null) {
            try {
                final Path dir = Files.createTempDirectory("radshift-test-bundle");
                dir.toFile().deleteOnExit();
                bundle = DemoBundleBuilder.ensure(dir);
            } catch (final IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return bundle;
    }

    /** Model settings on the CPU with the given batch size and latency. */
    static RadShiftConfig.Model cpuSettings(final int batchSize, final Duration maxLatency) {
        return new RadShiftConfig.Model(null, "cpu", 0, 1, batchSize, maxLatency, null, null, null);
    }

    /** A phantom PNG (seeded by {@code n}). */
    static byte[] phantomPng(final int n) {
        return PHANTOMS.png(Set.of(), PhantomGenerator.Acquisition.nominal(), n);
    }

    /** Study {@code n} of {@code site} with an inline phantom PNG, event time {@code BASE_TIME + n} minutes. */
    static StudyEvent study(final String site, final int n) {
        return withImage(site, n, phantomPng(n));
    }

    /** Study {@code n} with the given inline bytes. */
    static StudyEvent withImage(final String site, final int n, final byte[] image) {
        return builder(site, n).setImage(ByteBuffer.wrap(image)).setImageFormat(ImageFormat.PNG).build();
    }

    /** Study {@code n} whose PNG is cut in half. */
    static StudyEvent corrupt(final String site, final int n) {
        final byte[] png = phantomPng(n);
        return withImage(site, n, Arrays.copyOf(png, png.length / 2));
    }

    /** Study {@code n} with neither image bytes nor URI. */
    static StudyEvent withoutImage(final String site, final int n) {
        return builder(site, n).build();
    }

    /** Study {@code n} whose image is behind {@code uri}. */
    static StudyEvent withUri(final String site, final int n, final String uri) {
        return builder(site, n).setImageUri(uri).build();
    }

    static long eventTime(final int n) {
        return BASE_TIME + n * 60_000L;
    }

    private static StudyEvent.Builder builder(final String site, final int n) {
        return StudyEvent.newBuilder()
                .setStudyId(site + "-study-" + n)
                .setSiteId(site)
                .setEventTime(Instant.ofEpochMilli(eventTime(n)))
                .setMetadata(AcquisitionMetadata.newBuilder().setModality("DX").setViewPosition("PA").build());
    }
}
