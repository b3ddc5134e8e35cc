package io.radshift.cli;

import io.radshift.data.Manifest;
import io.radshift.offline.StudyInput;
import io.radshift.offline.StudyInputs;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Options that select the studies of an offline command: a folder of images or manifest rows. */
public final class StudySelectionOptions {

    @Option(names = "--images", paramLabel = "DIR",
            description = "Folder of images (png, jpg, jpeg, dcm), read recursively in path order. An image's label "
                + "is the name of its first sub-folder (e.g. DIR/NORMAL/x.jpeg has label NORMAL).")
    private Path images;

    @Option(names = "--manifest", paramLabel = "CSV",
            description = "CSV manifest with a 'file' column relative to the manifest's folder (rows in file order).")
    private Path manifest;

    @Option(names = "--where", paramLabel = "COLUMN=VALUE",
            description = "With --manifest: keep rows whose COLUMN equals VALUE (VALUE may be a|b); repeatable, all "
                + "must hold. Example: --where source=kermany --where split=train")
    private List<String> where = new ArrayList<>();

    @Option(names = "--label-column", paramLabel = "COLUMN", defaultValue = "label",
            description = "With --manifest: column holding each study's label (default: ${DEFAULT-VALUE}); a "
                + "manifest without it gives unlabelled studies.")
    private String labelColumn;

    /** Whether the studies come from a manifest (which can carry metadata columns). */
    public boolean fromManifest() {
        return manifest != null;
    }

    /** The manifest's columns, or an empty list for an image folder. */
    public List<String> manifestColumns() throws IOException {
        return manifest == null ? List.of() : Manifest.read(manifest).header();
    }

    /** The selected studies; fails with one clear message on conflicting or missing options. */
    public List<StudyInput> inputs(final List<String> metadataColumns) throws IOException {
        if ((images == null) == (manifest == null)) {
            throw new IllegalArgumentException("give exactly one of --images DIR or --manifest CSV");
        }
        if (images != null) {
            if (!where.isEmpty() || !metadataColumns.isEmpty()) {
                throw new IllegalArgumentException("--where and --metadata need --manifest, not --images");
            }
            return StudyInputs.fromDirectory(images);
        }
        final List<StudyInput> inputs = StudyInputs.fromManifest(Manifest.read(manifest), where, labelColumn,
            metadataColumns);
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("no manifest rows match " + String.join(" and ", where));
        }
        return inputs;
    }

    /**
     * An image's name relative to its data set (the {@code --images} folder or the manifest's folder), with '/'
     * separators: how a reference exemplar is named in the profile.
     */
    public String relativeName(final Path file) {
        final Path root = (images != null ? images : manifest.toAbsolutePath().getParent()).toAbsolutePath().normalize();
        final Path absolute = file.toAbsolutePath().normalize();
        final Path name = absolute.startsWith(root) ? root.relativize(absolute) : absolute.getFileName();
        return name.toString().replace(File.separatorChar, '/');
    }

    /** Where the studies come from, for reports. */
    public String describe() {
        return images != null ? images.toString()
            : manifest + (where.isEmpty() ? "" : " where " + String.join(" and ", where));
    }
}
