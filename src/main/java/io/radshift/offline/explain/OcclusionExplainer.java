package io.radshift.offline.explain;

import ai.onnxruntime.OrtException;
import io.radshift.inference.EncodedBatch;
import io.radshift.inference.ImageInput;
import io.radshift.inference.ImageScorer;
import io.radshift.inference.bundle.BundleManifest;
import io.radshift.inference.decode.DecodeException;
import io.radshift.stats.Novelty;
import io.radshift.stats.profile.ExplanationReference;
import io.radshift.stats.profile.ReferenceProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Explains one study with occlusion sensitivity, on the one scoring path ({@link ImageScorer}): the image is
 * decoded and preprocessed once, then copies of it with a grey patch over each position of an {@link OcclusionGrid}
 * are embedded and scored in batches, and each map holds how much the novelty, or a rare label's score, fell when
 * that region was greyed out. The grey is the bundle's normalisation mean (0 after normalisation): the reference's
 * average pixel, which adds no structure of its own. Cost per image: {@code cells^2 + 1} model inputs.
 */
public final class OcclusionExplainer {

    /** Nearest reference exemplars shown per study. */
    public static final int EXEMPLARS = 3;

    private final ImageScorer scorer;
    private final ReferenceProfile profile;
    private final OcclusionGrid grid;
    private final int batch;
    private final List<Integer> rare;

    /**
     * An explainer of studies scored by {@code scorer} against {@code profile} (which must be the bundle's).
     *
     * @param cells positions of the grid per axis
     * @param patch patch side in model input pixels, 0 for the default (two cells)
     * @param batch occluded copies per model call
     */
    public OcclusionExplainer(final ImageScorer scorer, final ReferenceProfile profile, final int cells,
                              final int patch, final int batch) {
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be >= 1, got " + batch);
        }
        profile.requireBundle(scorer.bundle().modelId(), scorer.bundle().contentHash());
        final int size = scorer.bundle().manifest().inputSize();
        this.scorer = scorer;
        this.profile = profile;
        this.grid = patch == 0 ? OcclusionGrid.withDefaultPatch(size, cells) : new OcclusionGrid(size, cells, patch);
        this.batch = batch;
        final List<String> labels = scorer.bundle().labels();
        this.rare = profile.labels().rareLabels().stream().map(labels::indexOf).filter(i -> i >= 0).toList();
    }

    /** The grid in use. */
    public OcclusionGrid grid() {
        return grid;
    }

    /** Explains one image; a file that cannot be read or decoded fails with its reason. */
    public Explanation explain(final ImageInput input) throws DecodeException, OrtException {
        final float[] tensor = scorer.prepare(input).tensor();
        final EncodedBatch whole = scorer.embedPrepared(List.of(tensor));
        final float[] embedding = whole.embeddings()[0];
        final float[] scores = whole.scores()[0];
        final double[] mean = profile.embedding().mean();
        final double novelty = Novelty.of(embedding, mean);
        final double[][] changes = new double[1 + rare.size()][grid.positions()];
        for (int start = 0; start < grid.positions(); start += batch) {
            final int end = Math.min(grid.positions(), start + batch);
            final List<float[]> occluded = new ArrayList<>(end - start);
            for (int p = start; p < end; p++) {
                occluded.add(grid.occlude(tensor, p, 0f));
            }
            final EncodedBatch out = scorer.embedPrepared(occluded);
            for (int p = start; p < end; p++) {
                changes[0][p] = novelty - Novelty.of(out.embeddings()[p - start], mean);
                for (int r = 0; r < rare.size(); r++) {
                    changes[r + 1][p] = scores[rare.get(r)] - out.scores()[p - start][rare.get(r)];
                }
            }
        }
        return explanation(tensor, embedding, scores, novelty, changes);
    }

    private Explanation explanation(final float[] tensor, final float[] embedding, final float[] scores,
                                    final double novelty, final double[][] changes) {
        final List<String> labels = scorer.bundle().labels();
        final List<OcclusionMap> maps = new ArrayList<>();
        maps.add(new OcclusionMap("novelty (distance to the reference mean)", novelty, grid.cells(), changes[0]));
        for (int r = 0; r < rare.size(); r++) {
            final int label = rare.get(r);
            maps.add(new OcclusionMap("score of " + labels.get(label) + " (rare)", scores[label], grid.cells(),
                changes[r + 1]));
        }
        final ExplanationReference reference = profile.explanation();
        final OptionalDouble percentile = reference.novelty().known()
            ? OptionalDouble.of(reference.novelty().percentile(novelty)) : OptionalDouble.empty();
        return new Explanation(grey(tensor), grid.size(), novelty, percentile,
            reference.nearest(embedding, EXEMPLARS), labels, scores,
            rare.stream().map(labels::get).toList(), maps);
    }

    /** The image as the model saw it, back in [0, 1] grey values (the first channel, un-normalised). */
    private float[] grey(final float[] tensor) {
        return grey(tensor, scorer.bundle().manifest(), grid.size());
    }

    /** The grey values of the first channel of a preprocessed {@code tensor}, clamped to [0, 1]. */
    public static float[] grey(final float[] tensor, final BundleManifest manifest, final int size) {
        final float[] out = new float[size * size];
        final double m = manifest.mean()[0];
        final double s = manifest.std()[0];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) Math.min(1, Math.max(0, tensor[i] * s + m));
        }
        return out;
    }

    /** The grey image of {@code input} as the model sees it (for a reference exemplar's thumbnail). */
    public float[] greyOf(final ImageInput input) throws DecodeException {
        return grey(scorer.prepare(input).tensor());
    }
}
