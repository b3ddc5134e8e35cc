package io.radshift.stats.profile;

import io.radshift.stats.metrics.GroundTruthSummary;
import io.radshift.stats.metrics.LabelMetricsValue;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/** The reference's ground-truth metrics ({@link LabelReference#truth()}) as the profile file's ReferenceTruth record. */
final class ReferenceTruthAvro {

    private ReferenceTruthAvro() {
    }

    /** The record of {@code truth} for the nullable union {@code union}. */
    static GenericRecord toRecord(final GroundTruthSummary truth, final Schema union) {
        final Schema schema = union.getTypes().stream().filter(s -> s.getType() == Schema.Type.RECORD).findFirst()
            .orElseThrow();
        final Schema labelSchema = schema.getField("perLabel").schema().getElementType();
        final GenericRecord r = new GenericData.Record(schema);
        r.put("labelledCount", truth.labelledCount());
        r.put("macroF1", truth.macroF1());
        r.put("lrap", truth.lrap());
        r.put("coverageError", truth.coverageError());
        r.put("rankingLoss", truth.rankingLoss());
        r.put("perLabel", truth.perLabel().stream().map(m -> {
            final GenericRecord l = new GenericData.Record(labelSchema);
            l.put("label", m.label());
            l.put("support", m.support());
            l.put("precision", m.precision());
            l.put("recall", m.recall());
            l.put("f1", m.f1());
            l.put("ece", m.ece());
            l.put("overconfidenceGap", m.overconfidenceGap());
            return l;
        }).toList());
        return r;
    }

    /** The metrics of a stored record; null for null (no reference labels, or an older file). */
    static GroundTruthSummary fromRecord(final GenericRecord r) {
        if (r == null) {
            return null;
        }
        final List<LabelMetricsValue> perLabel = ((List<?>) r.get("perLabel")).stream().map(o -> {
            final GenericRecord l = (GenericRecord) o;
            return new LabelMetricsValue(l.get("label").toString(), (Long) l.get("support"), (Double) l.get("precision"),
                (Double) l.get("recall"), (Double) l.get("f1"), (Double) l.get("ece"), (Double) l.get("overconfidenceGap"));
        }).toList();
        return new GroundTruthSummary((Long) r.get("labelledCount"), (Double) r.get("macroF1"), (Double) r.get("lrap"),
            (Double) r.get("coverageError"), (Double) r.get("rankingLoss"), perLabel);
    }
}
