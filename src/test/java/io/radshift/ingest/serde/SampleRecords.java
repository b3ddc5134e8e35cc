package io.radshift.ingest.serde;

import io.radshift.avro.AcquisitionMetadata;
import io.radshift.avro.ImageFormat;
import io.radshift.avro.ImageQuality;
import io.radshift.avro.LabelScore;
import io.radshift.avro.StudyEvent;
import io.radshift.avro.StudyInference;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Fully populated generated records (every field set, nested records, arrays, unions, bytes, enums). */
final class SampleRecords {

    private SampleRecords() {
    }

    static StudyEvent studyEvent(final int n) {
        return StudyEvent.newBuilder()
                .setStudyId("study-" + n)
                .setSiteId("site-b")
                .setEventTime(Instant.ofEpochMilli(1_764_000_000_000L + n))
                .setImage(ByteBuffer.wrap(new byte[] {(byte) 0x89, 'P', 'N', 'G', (byte) n}))
                .setImageFormat(ImageFormat.PNG)
                .setMetadata(AcquisitionMetadata.newBuilder().setModality("DX").setViewPosition("PA")
                        .setPixelSpacingMm(0.139).setPatientAgeBand("40-64").build())
                .build();
    }

    static StudyInference studyInference(final int n) {
        final List<Float> embedding = new ArrayList<>();
        for (int i = 0; i < 512; i++) {
            embedding.add((float) Math.sin(i + n) / 16f);
        }
        return StudyInference.newBuilder()
                .setStudyId("study-" + n)
                .setSiteId("site-a")
                .setEventTime(Instant.ofEpochMilli(1_764_000_000_000L + n))
                .setModelId("biomedclip-vit-b16")
                .setBundleHash("sha256:0f3a")
                .setEmbedding(embedding)
                .setScores(List.of(new LabelScore("pneumonia", 0.81f), new LabelScore("effusion", 0.07f)))
                .setQuality(ImageQuality.newBuilder().setMeanIntensity(0.52).setContrast(0.21).setSharpness(0.003)
                        .setNoise(0.011).setSaturatedFraction(0.002).setOriginalWidth(2048).setOriginalHeight(2500)
                        .setBitDepth(12).build())
                .setExecutionProvider("CPU")
                .setInferenceLatencyMs(12.5)
                .setBatchSize(32)
                .build();
    }
}
