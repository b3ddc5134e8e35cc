package io.radshift.window;

import io.radshift.avro.AcquisitionMetadata;
import io.radshift.avro.ImageQuality;
import io.radshift.avro.LabelScore;
import io.radshift.avro.LabelTruth;
import io.radshift.avro.StudyInference;
import io.radshift.avro.StudyLabels;
import io.radshift.avro.TruthValue;
import io.radshift.stats.Observation;
import io.radshift.stats.QualityFeatures;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the Avro events into the statistics core's {@link Observation}, the one mapping shared by the stream,
 * {@code radshift baseline} and {@code radshift assess}, so the reference profile and the live windows see
 * exactly the same features.
 */
public final class StudyObservations {

    private StudyObservations() {
    }

    /** The observation of an inference, without ground truth. */
    public static Observation of(final StudyInference inference) {
        return new Observation(inference.getStudyId(), toFloats(inference.getEmbedding()), scores(inference.getScores()),
                quality(inference.getQuality()), metadata(inference.getMetadata()));
    }

    /**
     * Per-label ground truth in the profile's label order: {@code positives[i]} and {@code known[i]}; uncertain
     * and missing labels are unknown.
     */
    public static boolean[][] truth(final StudyLabels labels, final List<String> labelOrder) {
        final Map<String, TruthValue> byLabel = new HashMap<>();
        for (LabelTruth t : labels.getLabels()) {
            byLabel.put(t.getLabel(), t.getValue());
        }
        final boolean[] positives = new boolean[labelOrder.size()];
        final boolean[] known = new boolean[labelOrder.size()];
        for (int i = 0; i < labelOrder.size(); i++) {
            final TruthValue value = byLabel.get(labelOrder.get(i));
            known[i] = value == TruthValue.POSITIVE || value == TruthValue.NEGATIVE;
            positives[i] = value == TruthValue.POSITIVE;
        }
        return new boolean[][] {positives, known};
    }

    /** Scores in event order (the bundle's label order). */
    public static float[] scores(final List<LabelScore> scores) {
        final float[] out = new float[scores.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = scores.get(i).getScore();
        }
        return out;
    }

    /** The six quality features in {@link QualityFeatures#NAMES} order; resolution is log2 of the shorter side. */
    public static double[] quality(final ImageQuality q) {
        final double[] out = new double[QualityFeatures.COUNT];
        out[0] = q.getMeanIntensity();
        out[1] = q.getContrast();
        out[2] = q.getSharpness();
        out[3] = q.getNoise();
        out[4] = q.getSaturatedFraction();
        final int shorter = Math.min(q.getOriginalWidth(), q.getOriginalHeight());
        out[5] = shorter > 0 ? Math.log(shorter) / Math.log(2) : Double.NaN;
        return out;
    }

    /** Categorical metadata; absent fields are left out (the profile counts them as missing). */
    public static Map<String, String> metadata(final AcquisitionMetadata m) {
        final Map<String, String> out = new LinkedHashMap<>();
        if (m == null) {
            return out;
        }
        put(out, "viewPosition", m.getViewPosition());
        put(out, "manufacturer", m.getManufacturer());
        put(out, "modelName", m.getModelName());
        put(out, "modality", m.getModality());
        put(out, "photometricInterpretation", m.getPhotometricInterpretation());
        put(out, "patientAgeBand", m.getPatientAgeBand());
        put(out, "sex", m.getSex());
        return out;
    }

    private static void put(final Map<String, String> out, final String key, final String value) {
        if (value != null && !value.isBlank()) {
            out.put(key, value);
        }
    }

    private static float[] toFloats(final List<Float> values) {
        final float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }
}
