package io.radshift.ingest;

import io.radshift.avro.ImageFormat;

/** Identifies an image's encoding from its magic bytes; producers' declared formats are only a hint. */
public final class FormatSniffer {

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final int DICOM_PREAMBLE = 128;

    private FormatSniffer() {
    }

    /** PNG (8-byte signature), JPEG (FF D8 FF), DICOM ("DICM" after the 128-byte preamble) or UNKNOWN. */
    public static ImageFormat sniff(final byte[] bytes) {
        if (startsWith(bytes, PNG)) {
            return ImageFormat.PNG;
        }
        if (bytes.length >= 3 && (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xD8 && (bytes[2] & 0xFF) == 0xFF) {
            return ImageFormat.JPEG;
        }
        if (bytes.length >= DICOM_PREAMBLE + 4 && bytes[DICOM_PREAMBLE] == 'D' && bytes[DICOM_PREAMBLE + 1] == 'I'
                && bytes[DICOM_PREAMBLE + 2] == 'C' && bytes[DICOM_PREAMBLE + 3] == 'M') {
            return ImageFormat.DICOM;
        }
        return ImageFormat.UNKNOWN;
    }

    private static boolean startsWith(final byte[] bytes, final byte[] prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
