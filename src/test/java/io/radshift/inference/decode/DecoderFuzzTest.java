package io.radshift.inference.decode;

import static org.assertj.core.api.Assertions.assertThat;

import io.radshift.fuzz.FuzzCampaign;
import io.radshift.fuzz.FuzzTarget;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Seeded mutation campaigns over the image decode path the stream and the offline commands use
 * ({@link ImageDecoder}: sniffing, ImageIO's PNG and JPEG readers, the DICOM parser, the quality meter): every
 * input either decodes to a sane image within the limits or is refused with a {@link DecodeException}, within a
 * time bound and a heap-allocation bound derived from the decoded-size limit. A few thousand inputs per format
 * run in the suite; {@code -Dradshift.fuzz.inputs=200000} runs a longer campaign (see README, "Bad input").
 */
class DecoderFuzzTest {

    /** Small limits so that the allocation bound is tight; the checks are the production ones. */
    private static final DecoderLimits LIMITS = new DecoderLimits(1L << 20, 4_000_000L, 16L << 20);
    /** What one decode may allocate: its decoded-size limit, the quality meter's copy, the reader's buffers. */
    private static final long ALLOCATION_BOUND = 3 * LIMITS.maxDecodedBytes() + (16L << 20);
    private static final Duration TIME_BOUND = Duration.ofSeconds(3);

    private final ImageDecoder decoder = new ImageDecoder(LIMITS, new DecodeBudget(64L << 20, 1_000));

    @Test
    void pngInputsDecodeOrAreRefusedWithAReason() throws InterruptedException {
        campaign(new PngFuzzTarget(decoder, LIMITS), 2_000);
    }

    @Test
    void jpegInputsDecodeOrAreRefusedWithAReason() throws InterruptedException {
        campaign(new JpegFuzzTarget(decoder, LIMITS), 2_000);
    }

    @Test
    void dicomInputsDecodeOrAreRefusedWithAReason() throws InterruptedException {
        campaign(new DicomFuzzTarget(decoder, LIMITS), 2_000);
    }

    private static void campaign(final FuzzTarget target, final int inputs) throws InterruptedException {
        final FuzzCampaign.Report report = new FuzzCampaign(target, inputs, TIME_BOUND, ALLOCATION_BOUND).run();
        System.out.println(report);
        assertThat(report.findings()).as(report.toString()).isEmpty();
        // The campaign reached both sides: mutants that still decode and mutants refused for a reason.
        assertThat(report.accepted()).as(report.toString()).isGreaterThan(inputs / 50);
        assertThat(report.refused()).as(report.toString()).isGreaterThan(inputs / 10);
    }
}
