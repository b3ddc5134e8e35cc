package io.radshift.offline.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.radshift.avro.ImageFormat;
import io.radshift.inference.EncodedBatch;
import io.radshift.inference.ImageEncoder;
import io.radshift.inference.ImageInput;
import io.radshift.inference.ImageScorer;
import io.radshift.inference.ScoredImage;
import io.radshift.inference.bundle.ModelBundle;
import io.radshift.inference.decode.GreyImage;
import io.radshift.inference.decode.ImageDecoder;
import io.radshift.inference.onnx.InferenceOptions;
import io.radshift.stats.Novelty;
import io.radshift.stats.Observation;
import io.radshift.stats.profile.ProfileSettings;
import io.radshift.stats.profile.ReferenceProfile;
import io.radshift.stats.profile.ReferenceProfileBuilder;
import io.radshift.tools.demo.model.ChexpertLabels;
import io.radshift.tools.demo.model.DemoBundleBuilder;
import io.radshift.tools.demo.model.PhantomGenerator;
import io.radshift.window.StudyObservations;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Occlusion sensitivity on the real scoring path: the demo bundle (a real ONNX encoder in ONNX Runtime) explains a
 * phantom chest X-ray with a bright square pasted into one lung, where the answer is known: greying out the square
 * takes away what makes the study novel.
 */
class OcclusionExplainerTest {

    private static final int SIZE = 256;
    private static final PhantomGenerator PHANTOMS = new PhantomGenerator();

    @TempDir
    static Path dir;

    private static ImageEncoder encoder;
    private static ImageScorer scorer;
    private static ReferenceProfile profile;

    @BeforeAll
    static void bundleAndReference() throws Exception {
        final ModelBundle bundle = DemoBundleBuilder.build(dir.resolve("bundle"),
            new DemoBundleBuilder.Options(20_261_127L, 64, 32, 200, Optional.empty()));
        encoder = ImageEncoder.open(bundle, InferenceOptions.cpuDefaults());
        scorer = new ImageScorer(encoder, new ImageDecoder());
        final List<ImageInput> inputs = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            final Set<String> findings = i % 5 == 0 ? Set.of(ChexpertLabels.ALL.get(i / 5 % ChexpertLabels.ALL.size()))
                : Set.of();
            inputs.add(png(PHANTOMS.render(findings, PhantomGenerator.Acquisition.nominal(), i)));
        }
        final ReferenceProfileBuilder builder = new ReferenceProfileBuilder(bundle.labels(), bundle.modelId(),
            bundle.contentHash(), ProfileSettings.defaults().withNullWindows(20));
        final List<ScoredImage> scored = scorer.scoreAll(inputs, 64, (done, total) -> { });
        for (int i = 0; i < scored.size(); i++) {
            final ScoredImage s = scored.get(i);
            builder.add(new Observation("r" + i, s.embedding(), s.scores(), StudyObservations.quality(s.quality()),
                Map.of()), null, "phantoms/" + i + ".png");
        }
        profile = builder.build();
    }

    @AfterAll
    static void close() throws Exception {
        encoder.close();
    }

    private static ImageInput png(final GreyImage image) {
        return ImageInput.ofBytes(PhantomGenerator.toPng(image), ImageFormat.PNG, null);
    }

    /** A reference-like phantom with a white square over x in [0.60, 0.85), y in [0.15, 0.40) of the image. */
    private static GreyImage withBrightSquare(final GreyImage phantom) {
        final float[] pixels = phantom.pixels().clone();
        for (int y = (int) (0.15 * SIZE); y < (int) (0.40 * SIZE); y++) {
            for (int x = (int) (0.60 * SIZE); x < (int) (0.85 * SIZE); x++) {
                pixels[y * SIZE + x] = 1f;
            }
        }
        return new GreyImage(SIZE, SIZE, pixels, 8);
    }

    @Test
    void greyingOutABrightSquareTakesAwayTheNovelty() throws Exception {
        final GreyImage plain = PHANTOMS.render(Set.of(), PhantomGenerator.Acquisition.nominal(), 5_000);
        // 8 x 8 positions on the 64 px input with 32 px patches, large enough to hide the 16 px square entirely: a
        // patch that cuts the square in half leaves new edges that are novel in themselves.
        final OcclusionExplainer explainer = new OcclusionExplainer(scorer, profile, 8, 32, 16);
        final Explanation square = explainer.explain(png(withBrightSquare(plain)));
        final Explanation reference = explainer.explain(png(plain));
        assertThat(square.novelty()).isGreaterThan(reference.novelty());
        assertThat(square.percentile().getAsDouble()).isGreaterThan(reference.percentile().getAsDouble());

        final OcclusionMap novelty = square.maps().get(0);
        final int strongest = novelty.strongest();
        // The square covers columns 4..6 and rows 1..3 of the 8 x 8 grid.
        assertThat(strongest % 8).as("column of the strongest region").isBetween(4, 6);
        assertThat(strongest / 8).as("row of the strongest region").isBetween(1, 3);
        assertThat(novelty.change()[strongest]).as("hiding the square takes away most of the novelty it brought")
            .isGreaterThan(0.5 * (square.novelty() - reference.novelty()));
    }

    @Test
    void eachMapValueIsTheScoringPathsOwnOutputOnTheOccludedImage() throws Exception {
        final ImageInput input = png(PHANTOMS.render(Set.of(ChexpertLabels.ALL.get(3)),
            PhantomGenerator.Acquisition.nominal(), 77));
        final OcclusionExplainer explainer = new OcclusionExplainer(scorer, profile, 4, 24, 5);
        final Explanation e = explainer.explain(input);
        assertThat(e.maps()).hasSize(1 + profile.labels().rareLabels().size());
        assertThat(e.rare()).isEqualTo(profile.labels().rareLabels());
        assertThat(e.exemplars()).hasSize(OcclusionExplainer.EXEMPLARS);
        assertThat(e.exemplars().get(0).medoid().image()).startsWith("phantoms/");

        final float[] tensor = scorer.prepare(input).tensor();
        final EncodedBatch whole = scorer.embedPrepared(List.of(tensor));
        final int p = 6;
        final EncodedBatch occluded = scorer.embedPrepared(List.of(explainer.grid().occlude(tensor, p, 0f)));
        final double[] mean = profile.embedding().mean();
        assertThat(e.novelty()).isCloseTo(Novelty.of(whole.embeddings()[0], mean), within(1e-9));
        assertThat(e.maps().get(0).change()[p]).isCloseTo(Novelty.of(whole.embeddings()[0], mean)
            - Novelty.of(occluded.embeddings()[0], mean), within(1e-5));
        for (int r = 0; r < e.rare().size(); r++) {
            final int label = e.labels().indexOf(e.rare().get(r));
            assertThat(e.maps().get(r + 1).change()[p]).isCloseTo(
                whole.scores()[0][label] - occluded.scores()[0][label], within(1e-5));
            assertThat(e.maps().get(r + 1).title()).contains(e.rare().get(r), "(rare)");
        }
    }
}
