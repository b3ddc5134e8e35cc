package io.radshift.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Locates the team's read-only chest X-ray collection ({@code shared/data/cxr}).
 *
 * <p>The images are never committed: tests, benchmarks and the demo read them in place. The folder is
 * taken from {@code RADSHIFT_CXR_DIR} (environment) or {@code radshift.cxr.dir} (system property), else
 * from the first {@code shared/data/cxr} found beside the working directory or one of its ancestors, so the
 * same lookup works from the repository root, a git worktree and CI's clean clone.
 */
public final class SharedData {

    /** Environment variable that overrides the lookup. */
    public static final String ENV = "RADSHIFT_CXR_DIR";
    /** System property that overrides the lookup. */
    public static final String PROPERTY = "radshift.cxr.dir";

    private SharedData() {
    }

    /** The chest X-ray folder (the one holding {@code manifest.csv}), if present. */
    public static Optional<Path> cxr() {
        final String configured = Optional.ofNullable(System.getProperty(PROPERTY)).orElse(System.getenv(ENV));
        if (configured != null && !configured.isBlank()) {
            return withManifest(Path.of(configured));
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            final Optional<Path> found = withManifest(dir.resolve("shared/data/cxr"));
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** A message for tests and commands that skip because the data is absent. */
    public static String absentMessage() {
        return "chest X-ray data not found: set " + ENV + " or place it at ../shared/data/cxr (see README)";
    }

    private static Optional<Path> withManifest(final Path dir) {
        return Files.isRegularFile(dir.resolve("manifest.csv")) ? Optional.of(dir.normalize()) : Optional.empty();
    }
}
