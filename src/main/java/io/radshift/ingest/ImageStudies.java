package io.radshift.ingest;

import io.radshift.avro.AcquisitionMetadata;
import io.radshift.avro.ImageFormat;
import io.radshift.avro.StudyEvent;
import io.radshift.data.Manifest;
import io.radshift.ingest.deid.DeidentificationException;
import io.radshift.ingest.deid.DicomDeidentifier;
import io.radshift.ingest.deid.JpegCleaner;
import io.radshift.ingest.deid.PngCleaner;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns an image file at a hospital into a {@link StudyEvent}: a pseudonymous study id from a keyed hash of the
 * file's path (file names often carry patient or accession numbers, so they never leave the hospital), the
 * image inline, its format from the magic bytes, and acquisition metadata from manifest columns where known.
 *
 * <p>An image is sent de-identified, never as read: {@link DicomDeidentifier} rebuilds a DICOM file from its pixels
 * with pseudonymous UIDs under the same key, so no header text (patient, physician, institution, dates, private
 * elements) leaves the hospital; {@link PngCleaner} and {@link JpegCleaner} drop text chunks, EXIF and comments. A
 * file that cannot be de-identified is rejected with the reason.
 */
public final class ImageStudies {

    /** Why a file was not sent. */
    public static final class Rejected extends Exception {
        private static final long serialVersionUID = 1L;
        private final String reason;

        Rejected(final String reason, final String message) {
            super(message);
            this.reason = reason;
        }

        /** Short reason code, e.g. too-large, unsupported-format, unreadable. */
        public String reason() {
            return reason;
        }
    }

    private final String site;
    private final Pseudonymizer pseudonymizer;
    private final long maxImageBytes;
    private final DicomDeidentifier dicom;

    public ImageStudies(final String site, final Pseudonymizer pseudonymizer, final long maxImageBytes) {
        this.site = site;
        this.pseudonymizer = pseudonymizer;
        this.maxImageBytes = maxImageBytes;
        this.dicom = new DicomDeidentifier(pseudonymizer::uid);
    }

    /** The event of one image file acquired at {@code eventTime}, with optional manifest columns for metadata. */
    public StudyEvent event(final Path file, final Instant eventTime, final Optional<Manifest.Row> row) throws Rejected {
        final byte[] bytes;
        try {
            final long size = Files.size(file);
            if (size > maxImageBytes) {
                throw new Rejected("too-large", file.getFileName() + ": " + size + " bytes exceeds the limit of " + maxImageBytes);
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new Rejected("unreadable", file.getFileName() + ": " + e.getMessage());
        }
        final ImageFormat format = FormatSniffer.sniff(bytes);
        if (format == ImageFormat.UNKNOWN) {
            throw new Rejected("unsupported-format", file.getFileName() + ": not a PNG, JPEG or DICOM file");
        }
        final String identifier = file.toAbsolutePath().normalize().toString();
        return StudyEvent.newBuilder()
                .setStudyId(pseudonymizer.studyId(site, identifier))
                .setSiteId(site)
                .setEventTime(eventTime)
                .setImage(ByteBuffer.wrap(deidentified(file, bytes, format, identifier)))
                .setImageFormat(format)
                .setMetadata(row.map(ImageStudies::metadata).orElse(null))
                .build();
    }

    /**
     * The image without anything but the image: DICOM rebuilt from its pixels, PNG without text or private chunks,
     * JPEG without EXIF, XMP or comments. The rejection's message names tags and offsets, never values.
     */
    private byte[] deidentified(final Path file, final byte[] bytes, final ImageFormat format, final String identifier)
            throws Rejected {
        try {
            return switch (format) {
                case DICOM -> dicom.deidentify(bytes, identifier);
                case PNG -> PngCleaner.clean(bytes);
                case JPEG -> JpegCleaner.clean(bytes);
                default -> throw new IllegalArgumentException("not an image format: " + format);
            };
        } catch (DeidentificationException e) {
            throw new Rejected(e.reason(), file.getFileName() + ": " + e.getMessage());
        }
    }

    /** Acquisition metadata from the manifest columns view, sex and age_group (coarse bands only). */
    static AcquisitionMetadata metadata(final Manifest.Row row) {
        return AcquisitionMetadata.newBuilder()
                .setViewPosition(blankToNull(row.get("view")))
                .setSex(blankToNull(row.get("sex").toUpperCase(Locale.ROOT)))
                .setPatientAgeBand(blankToNull(row.get("age_group")))
                .build();
    }

    private static String blankToNull(final String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
