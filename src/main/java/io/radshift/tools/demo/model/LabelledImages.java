package io.radshift.tools.demo.model;

import io.radshift.data.Manifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Real labelled reference images for the demo bundle's class prototypes, one label per image.
 *
 * @param files      image files
 * @param labelOf    the label of each file (same order)
 * @param labelNames distinct labels, sorted
 */
public record LabelledImages(List<Path> files, List<String> labelOf, List<String> labelNames) {

    /** Copies the lists. */
    public LabelledImages {
        if (files.size() != labelOf.size() || files.isEmpty()) {
            throw new IllegalArgumentException("need one label per file and at least one file");
        }
        files = List.copyOf(files);
        labelOf = List.copyOf(labelOf);
        labelNames = List.copyOf(labelNames);
    }

    /** Images from manifest rows; the label is the value of {@code labelColumn} (rows with an empty value are skipped). */
    public static LabelledImages fromManifest(final List<Manifest.Row> rows, final String labelColumn) {
        final List<Path> files = new ArrayList<>();
        final List<String> labels = new ArrayList<>();
        for (final Manifest.Row row : rows) {
            if (!row.get(labelColumn).isBlank()) {
                files.add(row.file());
                labels.add(row.get(labelColumn));
            }
        }
        return new LabelledImages(files, labels, List.copyOf(new TreeSet<>(labels)));
    }

    /** Images in {@code dir/LABEL/...} (any depth below the label folder; .png, .jpg, .jpeg, .dcm). */
    public static LabelledImages fromDirectory(final Path dir) throws IOException {
        final List<Path> files = new ArrayList<>();
        final List<String> labels = new ArrayList<>();
        final Set<String> names = new TreeSet<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (final Path file : walk.filter(Files::isRegularFile).filter(LabelledImages::isImage).sorted().toList()) {
                final Path relative = dir.relativize(file);
                if (relative.getNameCount() < 2) {
                    continue;
                }
                files.add(file);
                labels.add(relative.getName(0).toString());
                names.add(relative.getName(0).toString());
            }
        }
        if (files.isEmpty()) {
            throw new IOException("no images in label sub-folders of " + dir);
        }
        return new LabelledImages(files, labels, List.copyOf(names));
    }

    private static boolean isImage(final Path file) {
        final String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".png") || name.endsWith(".jpg") || name.endsWith(".jpeg") || name.endsWith(".dcm");
    }
}
