package io.radshift.tools.demo;

import io.radshift.ingest.FormatSniffer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real X-ray on disk the demo can send, with its ground truth (null when its label maps to no bundle label)
 * and its patient group key.
 *
 * @param file      the image file
 * @param positives per-label truth in bundle order, or null
 * @param known     labels the truth covers, or null
 * @param group     patient group key (the image itself when the patient is unknown)
 */
public record XrayImage(Path file, boolean[] positives, boolean[] known, String group) {

    /** Reads the image as a study to send. */
    public SimulatedStudy read() {
        try {
            final byte[] bytes = Files.readAllBytes(file);
            return new SimulatedStudy(bytes, FormatSniffer.sniff(bytes), positives, known, group);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot read an X-ray of the --images folder: " + e.getMessage(), e);
        }
    }
}
