package io.radshift.alert;

import io.radshift.avro.AlertKind;
import io.radshift.detect.OperationalChecks;

/**
 * Which alert kind each window test is evidence of. An incident's evidence is grouped and counted by kind (the
 * {@code radshift_incident_evidence} gauge), and the all-sites view compares kinds to tell whether a site's
 * incident explains its own.
 *
 * <p>The three embedding tests (Euclidean and cosine centroid distance, RFF-MMD) are all EMBEDDING_DRIFT: the
 * on-call acts on "this site's images moved", not on which distance saw it first. Severity does not follow the
 * kind: it follows the size of each test's effect (the WindowSummary's {@code severity}).
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

    /**
     * Whether a kind is a change of the studies or of the model's answers on them (every statistical test and
     * calibration), as opposed to an operating condition (a silent site, dead-lettered input) or an unknown test.
     */
    public static boolean isDataDrift(final AlertKind kind) {
        return switch (kind) {
            case SITE_SILENT, INPUT_QUALITY, OTHER -> false;
            default -> true;
        };
    }
}
