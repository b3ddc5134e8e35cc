package io.radshift.cli;

import io.radshift.ingest.Pseudonymizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Finds the images behind pseudonymous study ids at the hospital, the way {@code radshift publish} made them: a
 * study id is the site, a dash and the first 24 hex digits of HMAC-SHA-256 under the hospital's key of the site and
 * the image file's absolute path ({@link Pseudonymizer#studyId}). So the ids are recomputed for every file below the
 * archive folder, with the same key and site, and compared; the folder must be the one published, at the same
 * absolute path. Nothing is printed about files that do not match.
 */
final class StudyLookup {

    private StudyLookup() {
    }

    /**
     * The file of each wanted id, in the order asked.
     *
     * @throws IllegalArgumentException naming the ids that no file below {@code archive} has
     */
    static List<Path> find(final Pseudonymizer pseudonymizer, final String site, final Path archive,
                           final List<String> studyIds) throws IOException {
        if (!Files.isDirectory(archive)) {
            throw new IOException("archive folder not found: " + archive);
        }
        final Set<String> wanted = Set.copyOf(studyIds);
        final Map<String, Path> found = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(archive)) {
            files.filter(Files::isRegularFile).forEach(file -> {
                final String id = pseudonymizer.studyId(site, file.toAbsolutePath().normalize().toString());
                if (wanted.contains(id)) {
                    found.putIfAbsent(id, file);
                }
            });
        }
        final List<String> missing = studyIds.stream().filter(id -> !found.containsKey(id)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("no file below " + archive + " has study id " + String.join(", ", missing)
                + " under this key and site " + site + " (publish hashed each file's absolute path: look in the folder "
                + "that was published, at the same path)");
        }
        return studyIds.stream().map(found::get).toList();
    }
}
