package io.radshift.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.radshift.avro.ImageFormat;
import io.radshift.avro.ImageQuality;
import io.radshift.inference.bundle.ModelBundle;
import io.radshift.inference.decode.DecodeException;
import io.radshift.inference.decode.DecodedImage;
import io.radshift.inference.decode.ImageDecoder;
import io.radshift.inference.decode.Preprocessor;
import io.radshift.inference.onnx.InferenceOptions;
import io.radshift.ingest.DeadLetters;
import io.radshift.tools.demo.model.DemoBundleBuilder;
import io.radshift.tools.demo.model.PhantomGenerator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one scoring path on the real demo bundle in ONNX Runtime (CPU) and real phantom PNGs: order, failures as reason
 * codes, one model call per batch, and results equal to decoding and embedding by hand.
 */
class ImageScorerTest {

    private static final PhantomGenerator PHANTOMS = new PhantomGenerator();
    private static final byte[] BROKEN_PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0};

    @TempDir
    static Path dir;

    private static ModelBundle bundle;
    private static ImageEncoder encoder;
    private static ImageScorer scorer;

    @BeforeAll
    static void open() throws Exception {
        bundle = DemoBundleBuilder.ensure(dir.resolve("demo"));
        encoder = ImageEncoder.open(bundle, InferenceOptions.cpuDefaults().withIntraOpThreads(2));
        scorer = new ImageScorer(encoder, new ImageDecoder());
    }

    @AfterAll
    static void close() throws Exception {
        encoder.close();
    }

    private static byte[] phantom(final long seed) {
        return PHANTOMS.png(Set.of(), PhantomGenerator.Acquisition.nominal(), seed);
    }

    private static ImageInput png(final byte[] bytes) {
        return ImageInput.ofBytes(bytes, ImageFormat.PNG, null);
    }

    @Test
    void filesKeepTheirOrderFailuresCarryTheirReasonAndProgressComesPerBatch(@TempDir final Path images) throws Exception {
        final List<Path> files = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            files.add(Files.write(images.resolve("p" + i + ".png"), phantom(i)));
        }
        files.add(2, Files.write(images.resolve("broken.png"), BROKEN_PNG));
        final List<int[]> updates = new ArrayList<>();

        final List<ScoredImage> results = scorer.scoreAll(files.stream().map(ImageInput::ofFile).toList(), 4,
                (done, total) -> updates.add(new int[] {done, total}));

        assertThat(results).hasSize(6);
        assertThat(results).extracting(ScoredImage::ok).containsExactly(true, true, false, true, true, true);
        assertThat(results.get(2).failureReason()).isEqualTo(DecodeException.CORRUPT);
        assertThat(results.get(2).embedding()).isNull();
        assertThat(updates).extracting(u -> u[0]).containsExactly(4, 6);
        assertThat(updates).extracting(u -> u[1]).containsExactly(6, 6);
        // Input 3 is the third phantom (seed 2): its result must be that image's, not a neighbour's.
        assertEqualsDirectScoring(results.get(3), phantom(2));
        assertEqualsDirectScoring(results.get(5), phantom(4));
    }

    private static void assertEqualsDirectScoring(final ScoredImage result, final byte[] png) throws Exception {
        final DecodedImage decoded = new ImageDecoder().decode(png);
        final EncodedBatch direct = encoder.embedAndScore(List.of(Preprocessor.forBundle(bundle.manifest()).toChw(decoded.grey())));
        assertThat(result.embedding()).containsExactly(direct.embeddings()[0], within(1e-5f));
        assertThat(result.scores()).containsExactly(direct.scores()[0], within(1e-5f));
        assertThat(result.quality()).isEqualTo(decoded.quality());
    }

    @Test
    void theDecodableImagesOfABatchGoToTheModelInOneCall() throws Exception {
        final List<int[]> calls = new ArrayList<>();
        final List<ScoredImage> results = scorer.score(List.of(png(phantom(10)), png(BROKEN_PNG), png(phantom(11)),
                png(new byte[0]), png(phantom(12))), (size, nanos) -> calls.add(new int[] {size, nanos > 0 ? 1 : 0}));

        assertThat(calls).hasSize(1);
        assertThat(calls.get(0)).containsExactly(3, 1);
        assertThat(results).extracting(ScoredImage::failureReason)
                .containsExactly(null, DecodeException.CORRUPT, null, DecodeException.EMPTY, null);
    }

    @Test
    void aBatchWithoutADecodableImageMakesNoModelCall() throws Exception {
        final List<int[]> calls = new ArrayList<>();
        final List<ScoredImage> results = scorer.score(List.of(png(BROKEN_PNG), png("not an image".getBytes(StandardCharsets.UTF_8))),
                (size, nanos) -> calls.add(new int[] {size}));

        assertThat(calls).isEmpty();
        assertThat(results).extracting(ScoredImage::failureReason)
                .containsExactly(DecodeException.CORRUPT, DecodeException.UNSUPPORTED);
    }

    @Test
    void anUnexpectedRuntimeExceptionFailsOnlyItsImageWithReasonOther() throws Exception {
        final ImageInput hostile = () -> {
            throw new ArrayIndexOutOfBoundsException("decoder bug");
        };
        final List<ScoredImage> results = scorer.score(List.of(png(phantom(20)), hostile, png(phantom(21))), ImageScorer.UNTIMED);

        assertThat(results).extracting(ScoredImage::ok).containsExactly(true, false, true);
        assertThat(results.get(1).failureReason()).isEqualTo(DeadLetters.OTHER);
        assertThat(results.get(1).failureMessage()).isEqualTo("unexpected ArrayIndexOutOfBoundsException while decoding");
    }

    @Test
    void anUnreadableFileFailsWithIoErrorAndNoPathInItsMessage(@TempDir final Path images) throws Exception {
        final Path absent = images.resolve("person123_bacteria_456.png");
        final ScoredImage result = scorer.score(List.of(ImageInput.ofFile(absent)), ImageScorer.UNTIMED).get(0);

        assertThat(result.failureReason()).isEqualTo(ImageInput.IO_ERROR);
        assertThat(result.failureMessage()).doesNotContain("person123").doesNotContain(images.toString());
    }

    @Test
    void thePhotometricHintReachesTheDecoder() throws Exception {
        final byte[] png = phantom(30);
        final List<ScoredImage> results = scorer.score(List.of(ImageInput.ofBytes(png, ImageFormat.PNG, "MONOCHROME2"),
                ImageInput.ofBytes(png, ImageFormat.PNG, "MONOCHROME1")), ImageScorer.UNTIMED);

        final ImageQuality normal = results.get(0).quality();
        final ImageQuality inverted = results.get(1).quality();
        assertThat(normal.getMeanIntensity() + inverted.getMeanIntensity()).isCloseTo(1.0, within(1e-5));
        assertThat(normal.getMeanIntensity()).isNotCloseTo(0.5, within(0.01));
        assertThat(results.get(1).embedding()).isNotEqualTo(results.get(0).embedding());
    }

    @Test
    void aScoredImageHasEitherItsResultsOrAFailure() throws Exception {
        assertThat(ScoredImage.failed("corrupt-image", "damaged").ok()).isFalse();
        assertThatThrownBy(() -> new ScoredImage(new float[1], null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        final ImageQuality quality = new ImageDecoder().decode(phantom(40)).quality();
        assertThat(ScoredImage.scored(new float[1], new float[1], quality).ok()).isTrue();
        assertThatThrownBy(() -> new ScoredImage(new float[1], new float[1], quality, "other", "both"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> scorer.scoreAll(List.of(), 0, (done, total) -> { })).isInstanceOf(IllegalArgumentException.class);
    }
}
