package io.radshift.stats.profile;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;

/**
 * Writes and reads {@link ReferenceProfile} as an Avro object container file of generic records with the schema
 * in src/main/avro/ReferenceProfile.avsc (kept identical to {@link #SCHEMA}; a test checks this). The file
 * carries {@code formatVersion}; a file of another version is rejected, as is (optionally) a file built for
 * a different model bundle.
 */
public final class ReferenceProfileAvro {

    /** Format version written by this code. */
    public static final int FORMAT_VERSION = 1;

    /** The profile schema (same text as src/main/avro/ReferenceProfile.avsc). */
    public static final Schema SCHEMA = new Schema.Parser().parse("""
{
  "type": "record",
  "name": "ReferenceProfile",
  "namespace": "io.radshift.stats.profile.avro",
  "doc": "RadShift reference profile, written and read as a generic record by io.radshift.stats.profile.ReferenceProfileAvro (Avro object container file). Not compiled by the avro-maven-plugin.",
  "fields": [
    {"name": "formatVersion", "type": "int", "doc": "Profile file format version; readers reject versions they do not know."},
    {"name": "profileId", "type": "string"},
    {"name": "modelId", "type": "string"},
    {"name": "bundleHash", "type": "string", "doc": "Content hash of the model bundle the profile was built with."},
    {"name": "createdAt", "type": {"type": "long", "logicalType": "timestamp-millis"}},
    {"name": "embedding", "type": {"type": "record", "name": "EmbeddingReference", "fields": [
      {"name": "mean", "type": {"type": "array", "items": "double"}},
      {"name": "variance", "type": {"type": "array", "items": "double"}},
      {"name": "rffFeatures", "type": "int"},
      {"name": "rffSigma", "type": "double", "doc": "RBF bandwidth from the median heuristic."},
      {"name": "rffSeed", "type": "long", "doc": "Seed of the RFF frequencies (java.util.Random)."},
      {"name": "rffMean", "type": {"type": "array", "items": "double"}},
      {"name": "fitCount", "type": "long"},
      {"name": "calibrationCount", "type": "long"},
      {"name": "rffDiagonal", "type": "double", "default": 1.0, "doc": "Mean squared norm of a fit-split RFF vector (the RFF kernel's k(x, x)); added later, older files read 1."},
      {"name": "map", "default": null, "doc": "2-D embedding map of the reference for the pre-deployment report (added later; older files read null: no map).", "type": ["null", {"type": "record", "name": "EmbeddingMap", "fields": [
        {"name": "center", "type": {"type": "array", "items": "double"}, "doc": "Point the axes are centred on (the fit split's mean)."},
        {"name": "axes", "type": {"type": "array", "items": {"type": "array", "items": "double"}}, "doc": "The fit split's first two principal axes, unit vectors."},
        {"name": "variances", "type": {"type": "array", "items": "double"}, "doc": "The fit split's variance along each axis."},
        {"name": "totalVariance", "type": "double", "doc": "The fit split's total variance."},
        {"name": "points", "type": {"type": "array", "items": {"type": "array", "items": "double"}}, "doc": "Map coordinates {x, y} of a seeded sample of at most 500 reference studies."}
      ]}]}
    ]}},
    {"name": "labels", "type": {"type": "record", "name": "LabelReference", "fields": [
      {"name": "names", "type": {"type": "array", "items": "string"}},
      {"name": "studies", "type": "long"},
      {"name": "positives", "type": {"type": "array", "items": "long"}},
      {"name": "known", "type": {"type": "array", "items": "long"}},
      {"name": "highConfidence", "type": {"type": "array", "items": "long"}},
      {"name": "predictedPositive", "type": {"type": "array", "items": "long"}},
      {"name": "histograms", "type": {"type": "array", "items": {"type": "array", "items": "long"}}},
      {"name": "tau", "type": "double"},
      {"name": "decisionThreshold", "type": "double"},
      {"name": "rareThreshold", "type": "double"},
      {"name": "rareLabels", "type": {"type": "array", "items": "string"}},
      {"name": "overconfidenceGap", "type": {"type": "array", "items": "double"}, "default": [], "doc": "Reference over-confidence gap per label (NaN without labels)."},
      {"name": "truth", "type": ["null", {"type": "record", "name": "ReferenceTruth", "doc": "The reference's own ground-truth metrics over its labelled studies, the baseline of the weekly review.", "fields": [
        {"name": "labelledCount", "type": "long"},
        {"name": "macroF1", "type": "double"},
        {"name": "lrap", "type": "double"},
        {"name": "coverageError", "type": "double"},
        {"name": "rankingLoss", "type": "double"},
        {"name": "perLabel", "type": {"type": "array", "items": {"type": "record", "name": "ReferenceLabelMetrics", "fields": [
          {"name": "label", "type": "string"},
          {"name": "support", "type": "long"},
          {"name": "precision", "type": "double"},
          {"name": "recall", "type": "double"},
          {"name": "f1", "type": "double"},
          {"name": "ece", "type": "double"},
          {"name": "overconfidenceGap", "type": "double"}
        ]}}}
      ]}], "default": null, "doc": "Null without reference labels and in files written before it was kept (added later)."}
    ]}},
    {"name": "metadata", "type": {"type": "array", "items": {"type": "record", "name": "MetadataReference", "fields": [
      {"name": "field", "type": "string"},
      {"name": "categories", "type": {"type": "array", "items": "string"}},
      {"name": "counts", "type": {"type": "array", "items": "long"}},
      {"name": "otherCount", "type": "long"}
    ]}}},
    {"name": "quality", "type": {"type": "record", "name": "QualityReference", "fields": [
      {"name": "means", "type": {"type": "array", "items": "double"}},
      {"name": "sds", "type": {"type": "array", "items": "double"}},
      {"name": "counts", "type": {"type": "array", "items": "long"}}
    ]}},
    {"name": "nulls", "type": {"type": "array", "items": {"type": "record", "name": "NullDistribution", "fields": [
      {"name": "statistic", "type": "string"},
      {"name": "sizes", "type": {"type": "array", "items": "int"}},
      {"name": "means", "type": {"type": "array", "items": "double"}},
      {"name": "variances", "type": {"type": "array", "items": "double"}},
      {"name": "quantiles", "type": {"type": "array", "items": {"type": "array", "items": "double"}}},
      {"name": "windows", "type": "int"}
    ]}}},
    {"name": "sketch", "type": {"type": "record", "name": "SketchSettings", "fields": [
      {"name": "calibrationBins", "type": "int"},
      {"name": "topK", "type": "int"},
      {"name": "maxNovelCategories", "type": "int"}
    ]}},
    {"name": "tolerances", "default": [], "doc": "Effect tolerances derived from the variation between groups of reference patients (added later; older files read as empty and the evaluator uses fixed defaults).", "type": {"type": "array", "items": {"type": "record", "name": "GroupTolerance", "fields": [
      {"name": "key", "type": "string", "doc": "Test name, then ':' and the label for a test about a label."},
      {"name": "meanSquare", "type": "double", "doc": "Mean unbiased squared effect of the groups against the fit split."},
      {"name": "groups", "type": "int", "doc": "Number of groups of held-out patients."},
      {"name": "tolerance", "type": "double", "doc": "Derived tolerance on the effect's scale."}
    ]}}},
    {"name": "explanation", "type": ["null", {"type": "record", "name": "ExplanationReference", "doc": "What radshift explain needs: the reference's per-study novelty distribution and reference medoids (added later; older files read null and explain says what is unavailable).", "fields": [
      {"name": "noveltyQuantiles", "type": {"type": "array", "items": "double"}, "doc": "Novelty (distance to the mean embedding) of the held-out calibration studies at 0, 1, ..., 100 percent."},
      {"name": "medoids", "type": {"type": "array", "items": {"type": "record", "name": "ReferenceMedoid", "fields": [
        {"name": "image", "type": "string", "doc": "The reference image's file name relative to its data set (the vendor's public reference data)."},
        {"name": "embedding", "type": {"type": "array", "items": "double"}},
        {"name": "members", "type": "long", "doc": "Reference studies nearest to this medoid (about)."}
      ]}}}
    ]}], "default": null}
  ]
}
""");

    private ReferenceProfileAvro() {
    }

    /** Writes the profile to {@code path} (overwriting). */
    public static void write(final ReferenceProfile profile, final Path path) throws IOException {
        try (DataFileWriter<GenericRecord> writer = new DataFileWriter<>(new GenericDatumWriter<>(SCHEMA))) {
            writer.create(SCHEMA, path.toFile());
            writer.append(toRecord(profile));
        }
    }

    /** Reads a profile; fails on an unknown format version. */
    public static ReferenceProfile read(final Path path) throws IOException {
        final File file = path.toFile();
        try (DataFileReader<GenericRecord> reader = new DataFileReader<>(file, new GenericDatumReader<>(SCHEMA))) {
            if (!reader.hasNext()) {
                throw new IOException("profile file " + path + " is empty");
            }
            final GenericRecord record = reader.next();
            final int version = (Integer) record.get("formatVersion");
            if (version != FORMAT_VERSION) {
                throw new IOException("profile file " + path + " has format version " + version
                    + " but this RadShift reads version " + FORMAT_VERSION + ": rebuild it with radshift baseline");
            }
            return fromRecord(record);
        }
    }

    /** Reads a profile and fails unless it was built for the given model bundle. */
    public static ReferenceProfile read(final Path path, final String modelId, final String bundleHash)
        throws IOException {
        final ReferenceProfile profile = read(path);
        profile.requireBundle(modelId, bundleHash);
        return profile;
    }

    static GenericRecord toRecord(final ReferenceProfile profile) {
        final GenericRecord record = new GenericData.Record(SCHEMA);
        record.put("formatVersion", FORMAT_VERSION);
        record.put("profileId", profile.tags().profileId());
        record.put("modelId", profile.tags().modelId());
        record.put("bundleHash", profile.tags().bundleHash());
        record.put("createdAt", profile.tags().createdAtMillis());
        record.put("embedding", embeddingRecord(profile.embedding()));
        record.put("labels", labelRecord(profile.labels()));
        record.put("metadata", profile.metadata().stream().map(ReferenceProfileAvro::metadataRecord).toList());
        record.put("quality", qualityRecord(profile.quality()));
        record.put("nulls", profile.nulls().stream().map(ReferenceProfileAvro::nullRecord).toList());
        record.put("sketch", sketchRecord(profile.sketch()));
        record.put("tolerances", profile.tolerances().stream().map(ReferenceProfileAvro::toleranceRecord).toList());
        record.put("explanation", explanationRecord(profile.explanation()));
        return record;
    }

    /** The explanation part, null when the profile has none (so that it reads back as {@code NONE}). */
    private static GenericRecord explanationRecord(final ExplanationReference x) {
        if (x.equals(ExplanationReference.NONE)) {
            return null;
        }
        final Schema schema = SCHEMA.getField("explanation").schema().getTypes().get(1);
        final GenericRecord r = new GenericData.Record(schema);
        r.put("noveltyQuantiles", doubles(x.novelty().quantiles()));
        r.put("medoids", x.medoids().stream().map(m -> {
            final GenericRecord medoid = new GenericData.Record(schema.getField("medoids").schema().getElementType());
            medoid.put("image", m.image());
            medoid.put("embedding", doubles(m.embedding()));
            medoid.put("members", m.members());
            return medoid;
        }).toList());
        return r;
    }

    private static ExplanationReference explanationFromRecord(final GenericRecord r) {
        if (r == null) {
            return ExplanationReference.NONE;
        }
        final List<ExplanationReference.ReferenceMedoid> medoids = list(r.get("medoids")).stream()
            .map(o -> (GenericRecord) o).map(m -> new ExplanationReference.ReferenceMedoid(str(m.get("image")),
                doubleArray(m.get("embedding")), (Long) m.get("members"))).toList();
        return new ExplanationReference(new NoveltyDistribution(doubleArray(r.get("noveltyQuantiles"))), medoids);
    }

    private static GenericRecord embeddingRecord(final EmbeddingReference e) {
        final GenericRecord r = new GenericData.Record(SCHEMA.getField("embedding").schema());
        r.put("mean", doubles(e.mean()));
        r.put("variance", doubles(e.variance()));
        r.put("rffFeatures", e.rffFeatures());
        r.put("rffSigma", e.rffSigma());
        r.put("rffSeed", e.rffSeed());
        r.put("rffMean", doubles(e.rffMean()));
        r.put("fitCount", e.fitCount());
        r.put("calibrationCount", e.calibrationCount());
        r.put("rffDiagonal", e.rffDiagonal());
        r.put("map", e.embeddingMap().map(m -> mapRecord(m, r.getSchema().getField("map").schema())).orElse(null));
        return r;
    }

    /** The record of an embedding map for the nullable union {@code union}. */
    private static GenericRecord mapRecord(final EmbeddingMap map, final Schema union) {
        final Schema schema = union.getTypes().stream().filter(t -> t.getType() == Schema.Type.RECORD).findFirst()
            .orElseThrow();
        final GenericRecord r = new GenericData.Record(schema);
        r.put("center", doubles(map.center()));
        r.put("axes", Arrays.stream(map.axes()).map(ReferenceProfileAvro::doubles).toList());
        r.put("variances", doubles(map.variances()));
        r.put("totalVariance", map.totalVariance());
        r.put("points", Arrays.stream(map.points()).map(ReferenceProfileAvro::doubles).toList());
        return r;
    }

    /** The embedding map of a stored record; null for null (a file written before maps existed). */
    private static EmbeddingMap mapFromRecord(final GenericRecord r) {
        if (r == null) {
            return null;
        }
        return new EmbeddingMap(doubleArray(r.get("center")),
            list(r.get("axes")).stream().map(ReferenceProfileAvro::doubleArray).toArray(double[][]::new),
            doubleArray(r.get("variances")), (Double) r.get("totalVariance"),
            list(r.get("points")).stream().map(ReferenceProfileAvro::doubleArray).toArray(double[][]::new));
    }

    /** Reference over-confidence gaps; NaN for each label when the file predates them. */
    private static double[] gaps(final Object stored, final Object names) {
        final double[] gaps = doubleArray(stored);
        if (gaps.length > 0) {
            return gaps;
        }
        final double[] unknown = new double[list(names).size()];
        Arrays.fill(unknown, Double.NaN);
        return unknown;
    }

    private static GenericRecord labelRecord(final LabelReference l) {
        final GenericRecord r = new GenericData.Record(SCHEMA.getField("labels").schema());
        r.put("names", l.labels());
        r.put("studies", l.studies());
        r.put("positives", longs(l.positives()));
        r.put("known", longs(l.known()));
        r.put("highConfidence", longs(l.highConfidence()));
        r.put("predictedPositive", longs(l.predictedPositive()));
        r.put("histograms", Arrays.stream(l.histograms()).map(ReferenceProfileAvro::longs).toList());
        r.put("tau", l.tau());
        r.put("decisionThreshold", l.decisionThreshold());
        r.put("rareThreshold", l.rareThreshold());
        r.put("rareLabels", l.rareLabels());
        r.put("overconfidenceGap", Arrays.stream(l.overconfidenceGap()).boxed().toList());
        r.put("truth", l.referenceTruth().map(t -> ReferenceTruthAvro.toRecord(t, r.getSchema().getField("truth").schema()))
            .orElse(null));
        return r;
    }

    private static GenericRecord metadataRecord(final MetadataReference m) {
        final GenericRecord r = new GenericData.Record(SCHEMA.getField("metadata").schema().getElementType());
        r.put("field", m.field());
        r.put("categories", m.categories());
        r.put("counts", longs(m.counts()));
        r.put("otherCount", m.otherCount());
        return r;
    }

    private static GenericRecord qualityRecord(final QualityReference q) {
        final GenericRecord r = new GenericData.Record(SCHEMA.getField("quality").schema());
        r.put("means", doubles(q.means()));
        r.put("sds", doubles(q.sds()));
        r.put("counts", longs(q.counts()));
        return r;
    }

    private static GenericRecord nullRecord(final NullDistribution d) {
        final GenericRecord r = new GenericData.Record(SCHEMA.getField("nulls").schema().getElementType());
        r.put("statistic", d.statistic());
        r.put("sizes", Arrays.stream(d.sizes()).boxed().toList());
        r.put("means", doubles(d.means()));
        r.put("variances", doubles(d.variances()));
        r.put("quantiles", Arrays.stream(d.quantiles()).map(ReferenceProfileAvro::doubles).toList());
        r.put("windows", d.windows());
        return r;
    }

    private static GenericRecord toleranceRecord(final GroupTolerance t) {
        final GenericRecord r = new GenericData.Record(SCHEMA.getField("tolerances").schema().getElementType());
        r.put("key", t.key());
        r.put("meanSquare", t.meanSquare());
        r.put("groups", t.groups());
        r.put("tolerance", t.tolerance());
        return r;
    }

    private static GenericRecord sketchRecord(final SketchSettings s) {
        final GenericRecord r = new GenericData.Record(SCHEMA.getField("sketch").schema());
        r.put("calibrationBins", s.calibrationBins());
        r.put("topK", s.topK());
        r.put("maxNovelCategories", s.maxNovelCategories());
        return r;
    }

    static ReferenceProfile fromRecord(final GenericRecord r) {
        final ProfileTags tags = new ProfileTags(str(r.get("profileId")), str(r.get("modelId")),
            str(r.get("bundleHash")), (Long) r.get("createdAt"));
        final GenericRecord e = (GenericRecord) r.get("embedding");
        final EmbeddingReference embedding = new EmbeddingReference(doubleArray(e.get("mean")),
            doubleArray(e.get("variance")), (Integer) e.get("rffFeatures"), (Double) e.get("rffSigma"),
            (Long) e.get("rffSeed"), doubleArray(e.get("rffMean")), (Long) e.get("fitCount"),
            (Long) e.get("calibrationCount"), (Double) e.get("rffDiagonal"), mapFromRecord((GenericRecord) e.get("map")));
        final GenericRecord l = (GenericRecord) r.get("labels");
        final LabelReference labels = new LabelReference(strings(l.get("names")), (Long) l.get("studies"),
            longArray(l.get("positives")), longArray(l.get("known")), longArray(l.get("highConfidence")),
            longArray(l.get("predictedPositive")),
            list(l.get("histograms")).stream().map(ReferenceProfileAvro::longArray).toArray(long[][]::new),
            (Double) l.get("tau"), (Double) l.get("decisionThreshold"), (Double) l.get("rareThreshold"),
            strings(l.get("rareLabels")), gaps(l.get("overconfidenceGap"), l.get("names")),
            ReferenceTruthAvro.fromRecord((GenericRecord) l.get("truth")));
        final List<MetadataReference> metadata = new ArrayList<>();
        for (final Object o : list(r.get("metadata"))) {
            final GenericRecord m = (GenericRecord) o;
            metadata.add(new MetadataReference(str(m.get("field")), strings(m.get("categories")),
                longArray(m.get("counts")), (Long) m.get("otherCount")));
        }
        final GenericRecord q = (GenericRecord) r.get("quality");
        final QualityReference quality = new QualityReference(doubleArray(q.get("means")),
            doubleArray(q.get("sds")), longArray(q.get("counts")));
        final List<NullDistribution> nulls = list(r.get("nulls")).stream()
            .map(o -> nullFromRecord((GenericRecord) o)).toList();
        final GenericRecord s = (GenericRecord) r.get("sketch");
        final SketchSettings sketch = new SketchSettings((Integer) s.get("calibrationBins"),
            (Integer) s.get("topK"), (Integer) s.get("maxNovelCategories"));
        final List<GroupTolerance> tolerances = list(r.get("tolerances")).stream().map(o -> (GenericRecord) o)
            .map(t -> new GroupTolerance(str(t.get("key")), (Double) t.get("meanSquare"), (Integer) t.get("groups"),
                (Double) t.get("tolerance"))).toList();
        return new ReferenceProfile(tags, embedding, labels, metadata, quality, nulls, sketch, tolerances,
            explanationFromRecord((GenericRecord) r.get("explanation")));
    }

    private static NullDistribution nullFromRecord(final GenericRecord d) {
        return new NullDistribution(str(d.get("statistic")),
            list(d.get("sizes")).stream().mapToInt(o -> (Integer) o).toArray(),
            doubleArray(d.get("means")), doubleArray(d.get("variances")),
            list(d.get("quantiles")).stream().map(ReferenceProfileAvro::doubleArray).toArray(double[][]::new),
            (Integer) d.get("windows"));
    }

    private static List<Double> doubles(final double[] values) {
        return Arrays.stream(values).boxed().toList();
    }

    private static List<Long> longs(final long[] values) {
        return Arrays.stream(values).boxed().toList();
    }

    private static List<?> list(final Object o) {
        return (List<?>) o;
    }

    private static String str(final Object o) {
        return o.toString();
    }

    private static List<String> strings(final Object o) {
        return list(o).stream().map(Object::toString).toList();
    }

    private static double[] doubleArray(final Object o) {
        return list(o).stream().mapToDouble(v -> (Double) v).toArray();
    }

    private static long[] longArray(final Object o) {
        return list(o).stream().mapToLong(v -> (Long) v).toArray();
    }
}
