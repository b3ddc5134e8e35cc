package io.radshift.tools.demo;

import io.radshift.avro.ImageFormat;

/**
 * One study a simulated hospital sends: the encoded image and, when the hospital knows it, its ground truth in the
 * bundle's label order.
 *
 * @param image     the encoded image (PNG, JPEG or DICOM bytes)
 * @param format    its format
 * @param positives per-label truth; null when the study has none
 * @param known     which labels the truth covers; null when the study has none
 * @param group     patient group key for the reference's fit/calibration split; null when unknown
 */
public record SimulatedStudy(byte[] image, ImageFormat format, boolean[] positives, boolean[] known, String group) {

    /** Checks that truth comes whole. */
    public SimulatedStudy {
        if ((positives == null) != (known == null)) {
            throw new IllegalArgumentException("positives and known come together");
        }
    }

    /** Whether the study carries ground truth. */
    public boolean hasTruth() {
        return positives != null;
    }
}
