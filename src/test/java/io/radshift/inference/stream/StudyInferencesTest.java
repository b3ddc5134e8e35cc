package io.radshift.inference.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.radshift.avro.ImageQuality;
import io.radshift.avro.LabelScore;
import io.radshift.avro.StudyEvent;
import io.radshift.avro.StudyInference;
import io.radshift.inference.ScoredImage;
import io.radshift.inference.bundle.ModelBundle;
import io.radshift.inference.decode.ImageDecoder;
import io.radshift.inference.onnx.ExecutionProvider;
import org.junit.jupiter.api.Test;

/** A scored image becomes the StudyInference of its study, with the bundle's identity and the model call's numbers. */
class StudyInferencesTest {

    @Test
    void aScoredImageBecomesItsStudysInference() throws Exception {
        final ModelBundle bundle = StudyFixtures.bundle();
        final int labels = bundle.labels().size();
        final float[] embedding = {0.6f, 0.8f};
        final float[] scores = new float[labels];
        for (int l = 0; l < labels; l++) {
            scores[l] = l / (float) labels;
        }
        final ImageQuality quality = new ImageDecoder().decode(StudyFixtures.phantomPng(1)).quality();
        final StudyEvent study = StudyFixtures.study("site-a", 1);

        final StudyInference inference = new StudyInferences(bundle, ExecutionProvider.Kind.CPU)
                .of(study, ScoredImage.scored(embedding, scores, quality), 7, 12.5);

        assertThat(inference.getStudyId()).isEqualTo(study.getStudyId());
        assertThat(inference.getSiteId()).isEqualTo("site-a");
        assertThat(inference.getEventTime()).isEqualTo(study.getEventTime());
        assertThat(inference.getMetadata()).isEqualTo(study.getMetadata());
        assertThat(inference.getModelId()).isEqualTo(bundle.modelId());
        assertThat(inference.getBundleHash()).isEqualTo(bundle.contentHash());
        assertThat(inference.getExecutionProvider()).isEqualTo("CPU");
        assertThat(inference.getBatchSize()).isEqualTo(7);
        assertThat(inference.getInferenceLatencyMs()).isEqualTo(12.5);
        assertThat(inference.getEmbedding()).containsExactly(0.6f, 0.8f);
        assertThat(inference.getScores()).extracting(LabelScore::getLabel).containsExactlyElementsOf(bundle.labels());
        assertThat(inference.getScores().get(labels - 1).getScore()).isEqualTo(scores[labels - 1]);
        assertThat(inference.getQuality()).isEqualTo(quality);
    }

    @Test
    void aFailedImageHasNoInference() {
        final StudyInferences inferences = new StudyInferences(StudyFixtures.bundle(), ExecutionProvider.Kind.CPU);
        assertThatThrownBy(() -> inferences.of(StudyFixtures.study("site-a", 1),
                ScoredImage.failed("corrupt-image", "damaged"), 1, 1.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("corrupt-image");
    }
}
