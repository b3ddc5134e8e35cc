package io.radshift.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.radshift.inference.bundle.ModelBundle;
import io.radshift.inference.onnx.InferenceOptions;
import io.radshift.tools.demo.model.DemoBundleBuilder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharedEncoderTest {

    @TempDir
    Path dir;

    @Test
    void tasksShareOneSessionThatTheLastLeaseCloses() throws Exception {
        final ModelBundle bundle = DemoBundleBuilder.ensure(dir.resolve("bundle"));
        final InferenceOptions options = InferenceOptions.cpuDefaults().withIntraOpThreads(1);
        final int before = SharedEncoder.openEncoders();
        final SharedEncoder.Lease first = SharedEncoder.acquire(bundle, options);
        final SharedEncoder.Lease second = SharedEncoder.acquire(bundle, options);
        assertThat(second.encoder()).isSameAs(first.encoder());
        assertThat(SharedEncoder.openEncoders()).isEqualTo(before + 1);

        first.close();
        first.close();
        final List<float[]> batch = List.of(new float[bundle.manifest().inputChannels() * bundle.manifest().inputSize()
                * bundle.manifest().inputSize()]);
        assertThat(second.encoder().embedAndScore(batch).size()).as("still open for the other task").isEqualTo(1);

        second.close();
        assertThat(SharedEncoder.openEncoders()).isEqualTo(before);
        assertThatThrownBy(() -> second.encoder().embedAndScore(batch)).as("closed with the last lease").isInstanceOf(Exception.class);
    }

    @Test
    void concurrentTasksGetTheSameResultsAsOneAtATime() throws Exception {
        final ModelBundle bundle = DemoBundleBuilder.ensure(dir.resolve("bundle"));
        final int size = bundle.manifest().inputChannels() * bundle.manifest().inputSize() * bundle.manifest().inputSize();
        final List<float[]> batch = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            final float[] t = new float[size];
            for (int j = 0; j < size; j++) {
                t[j] = (float) Math.sin(i * 7 + j * 0.01);
            }
            batch.add(t);
        }
        try (SharedEncoder.Lease lease = SharedEncoder.acquire(bundle, InferenceOptions.cpuDefaults())) {
            final EncodedBatch alone = lease.encoder().embedAndScore(batch);
            final ExecutorService tasks = Executors.newFixedThreadPool(4);
            try {
                final List<Future<EncodedBatch>> results = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    results.add(tasks.submit(() -> lease.encoder().embedAndScore(batch)));
                }
                for (final Future<EncodedBatch> result : results) {
                    assertThat(result.get().embeddings()).isDeepEqualTo(alone.embeddings());
                }
            } finally {
                tasks.shutdownNow();
            }
        }
    }
}
