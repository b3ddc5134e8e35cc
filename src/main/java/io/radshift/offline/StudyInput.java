package io.radshift.offline;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One study to score: its image, a pseudonymous study id, the patient group key when known, its manifest
 * label (empty when none) and categorical metadata columns.
 *
 * @param file the image file
 * @param studyId pseudonymous id (a hash of the path; file names may carry patient identifiers)
 * @param patient patient group key parsed from the file name, when it follows a known pattern
 * @param label manifest label, empty when unlabelled
 * @param metadata categorical metadata, e.g. view
 */
public record StudyInput(Path file, String studyId, Optional<String> patient, String label,
                         Map<String, String> metadata) {

    /** Copies the metadata. */
    public StudyInput {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(studyId, "studyId");
        label = label == null ? "" : label;
        metadata = Map.copyOf(metadata);
    }
}
