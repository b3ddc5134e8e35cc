package io.radshift.inference.bundle;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A model bundle that cannot be used: a missing file, malformed {@code bundle.json}, a model whose declared
 * input/output does not match {@code bundle.json}, bad prompt embeddings or a content-hash mismatch.
 * The message always starts with {@code bundle DIR:} so an operator sees which bundle is broken.
 */
public final class InvalidBundleException extends IOException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception for bundle {@code dir} with a message saying what is wrong. */
    public InvalidBundleException(final Path dir, final String problem) {
        super("bundle " + dir + ": " + problem);
    }

    /** Creates the exception with the underlying cause (an I/O, JSON or ONNX Runtime error). */
    public InvalidBundleException(final Path dir, final String problem, final Throwable cause) {
        super("bundle " + dir + ": " + problem, cause);
    }
}
