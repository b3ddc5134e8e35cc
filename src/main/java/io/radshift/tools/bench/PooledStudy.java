package io.radshift.tools.bench;

import io.radshift.avro.StudyInference;
import java.util.Objects;

/**
 * A study scored once before a replay: the inference the stream's inference stage would have written for it,
 * its ground truth in the bundle's label order (null when unknown), and its patient group (the study itself
 * when the patient is unknown), which keeps a patient's images on one side of the reference's fit/calibration
 * split. A replay sends copies of it under new study ids and times.
 *
 * @param inference the scored study
 * @param positives per-label truth; null when the study has no ground truth
 * @param known     which labels the truth covers; null when the study has no ground truth
 * @param group     patient group key
 */
public record PooledStudy(StudyInference inference, boolean[] positives, boolean[] known, String group) {

    /** Checks that truth comes whole. */
    public PooledStudy {
        Objects.requireNonNull(inference, "inference");
        Objects.requireNonNull(group, "group");
        if ((positives == null) != (known == null)) {
            throw new IllegalArgumentException("positives and known come together");
        }
    }

    /** Whether the study has ground truth. */
    public boolean hasTruth() {
        return positives != null;
    }

    /** Whether the study is known positive for label index {@code label}. */
    public boolean knownPositive(final int label) {
        return hasTruth() && known[label] && positives[label];
    }

    /** Whether the study is known negative for label index {@code label}. */
    public boolean knownNegative(final int label) {
        return hasTruth() && known[label] && !positives[label];
    }
}
