package io.radshift.offline;

import io.radshift.data.Manifest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Selects the studies of an offline command, from a manifest ({@code --manifest CSV --where column=value}) or
 * from a folder of images ({@code --images DIR}), in a deterministic order (manifest row order; sorted paths).
 * In a folder, an image's label is the name of its first sub-folder below {@code DIR} (the
 * {@code NORMAL/}, {@code PNEUMONIA/} layout); images directly in {@code DIR} are unlabelled.
 */
public final class StudyInputs {

    /** File name endings read from image folders. */
    public static final Set<String> IMAGE_EXTENSIONS = Set.of(".png", ".jpg", ".jpeg", ".dcm");

    private StudyInputs() {
    }

    /**
     * Rows of a manifest matching every clause.
     *
     * @param labelColumn column holding the label; absent columns give unlabelled studies
     * @param metadataColumns categorical columns to carry as metadata; each must exist
     */
    public static List<StudyInput> fromManifest(final Manifest manifest, final List<String> where,
                                                final String labelColumn, final List<String> metadataColumns) {
        for (final String column : metadataColumns) {
            if (!manifest.header().contains(column)) {
                throw new IllegalArgumentException("metadata column '" + column + "' is not in the manifest "
                    + "(columns: " + String.join(", ", manifest.header()) + ")");
            }
        }
        return manifest.where(where).stream().map(row -> {
            final Map<String, String> metadata = new LinkedHashMap<>();
            metadataColumns.forEach(c -> metadata.put(c, row.get(c)));
            return new StudyInput(row.file(), studyId(row.get("file")), PatientIds.fromFileName(row.file()),
                row.get(labelColumn), metadata);
        }).toList();
    }

    /** Images below a folder (recursively, sorted by path); labels from the first sub-folder name. */
    public static List<StudyInput> fromDirectory(final Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("image folder not found: " + dir);
        }
        try (Stream<Path> files = Files.walk(dir)) {
            final List<StudyInput> inputs = files.filter(Files::isRegularFile).filter(StudyInputs::isImage).sorted()
                .map(file -> {
                    final Path relative = dir.relativize(file);
                    final String label = relative.getNameCount() > 1 ? relative.getName(0).toString() : "";
                    return new StudyInput(file, studyId(relative.toString()), PatientIds.fromFileName(file), label,
                        Map.of());
                }).toList();
            if (inputs.isEmpty()) {
                throw new IOException("no images (" + String.join(", ", IMAGE_EXTENSIONS) + ") below " + dir);
            }
            return inputs;
        }
    }

    private static boolean isImage(final Path file) {
        final String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return IMAGE_EXTENSIONS.stream().anyMatch(name::endsWith);
    }

    /** A pseudonymous study id: the first 16 hex digits of SHA-256 of the image's relative path. */
    static String studyId(final String relativePath) {
        try {
            final byte[] digest = MessageDigest.getInstance("SHA-256")
                .digest(relativePath.getBytes(StandardCharsets.UTF_8));
            return "s-" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
