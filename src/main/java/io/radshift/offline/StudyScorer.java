package io.radshift.offline;

import io.radshift.inference.ImageScorer;
import io.radshift.inference.ScoredImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Turns image files into embeddings, label scores and quality features with one model bundle. The offline
 * commands ({@code baseline}, {@code assess}, {@code bench detection}) depend on this interface only, so the
 * statistics around them can be exercised with any real encoder; production uses {@link BundleStudyScorer}.
 */
public interface StudyScorer extends AutoCloseable {

    /** The model id the profile is tied to. */
    String modelId();

    /** The bundle content hash the profile is tied to. */
    String bundleHash();

    /** Label names in score order. */
    List<String> labels();

    /** Scores the files in input order; undecodable files come back as failed entries, not exceptions. */
    List<ScoredImage> score(List<Path> files, ImageScorer.Progress progress) throws IOException;

    /** Releases the model. */
    @Override
    void close() throws IOException;
}
