package io.radshift.alert;

import io.radshift.avro.AlertKind;
import io.radshift.avro.Severity;
import io.radshift.detect.OperationalChecks;

/**
 * Which alert kind each window test feeds, and the default severity of each kind.
 *
 * <p>The three embedding tests (Euclidean and cosine centroid distance, RFF-MMD) feed one embedding-drift alert
 * per site, because the on-call acts on "this site's images moved", not on which distance saw it first.
 */
public final class AlertKinds {

    private AlertKinds() {
    }

    /** The alert kind a test feeds. */
    public static AlertKind of(final String test) {
        if (test.startsWith("centroid-") || test.startsWith("mmd2")) {
            return AlertKind.EMBEDDING_DRIFT;
        }
        if (test.startsWith("quality-")) {
            return AlertKind.IMAGE_QUALITY_SHIFT;
        }
        return switch (test) {
            case "rare-overconfidence" -> AlertKind.RARE_LABEL_OVERCONFIDENCE;
            case "label-prior" -> AlertKind.LABEL_PRIOR_SHIFT;
            case "score-chi2", "score-psi" -> AlertKind.SCORE_HISTOGRAM_SHIFT;
            case "metadata-chi2" -> AlertKind.METADATA_SHIFT;
            case OperationalChecks.DEAD_LETTER_RATE -> AlertKind.INPUT_QUALITY;
            case OperationalChecks.SITE_SILENT -> AlertKind.SITE_SILENT;
            case OperationalChecks.CALIBRATION_GAP -> AlertKind.CALIBRATION;
            default -> AlertKind.OTHER;
        };
    }

    /** Whether alerts of this kind concern a label (or field) rather than the whole site. */
    public static boolean perLabel(final AlertKind kind) {
        return kind != AlertKind.EMBEDDING_DRIFT && kind != AlertKind.INPUT_QUALITY && kind != AlertKind.SITE_SILENT;
    }

    /**
     * Default severity: confidently wrong rare findings and images the model has not seen page the on-call
     * (CRITICAL); distribution shifts that need review during working hours are WARNING.
     */
    public static Severity severity(final AlertKind kind) {
        return switch (kind) {
            case EMBEDDING_DRIFT, RARE_LABEL_OVERCONFIDENCE, SITE_SILENT -> Severity.CRITICAL;
            default -> Severity.WARNING;
        };
    }
}
