package io.radshift.offline;

import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the patient part of Kermany et al. (2018) chest X-ray file names: {@code person123_bacteria_456.jpeg},
 * {@code IM-0115-0001.jpeg} and {@code NORMAL2-IM-0372-0001.jpeg} give {@code person123}, {@code IM-0115} and
 * {@code NORMAL2-IM-0372}. Used to keep all images of one patient on the same side of a fit/calibration split:
 * a patient's images are near-duplicates, and splitting them would make the null distribution too narrow.
 * The parsed ids are used as group keys only and are never logged.
 */
public final class PatientIds {

    private static final Pattern KERMANY = Pattern.compile("^(person\\d+(?=_)|NORMAL2-IM-\\d+(?=-)|IM-\\d+(?=-))");

    private PatientIds() {
    }

    /** The patient of a Kermany-style file name, or empty when the name follows none of the patterns. */
    public static Optional<String> fromFileName(final Path file) {
        final Matcher matcher = KERMANY.matcher(file.getFileName().toString());
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }
}
