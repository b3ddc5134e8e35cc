package io.radshift.inference.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ExecutionProviderTest {

    @Test
    void parsesCommandLineSpellings() {
        assertThat(ExecutionProvider.parse("CPU")).isEqualTo(ExecutionProvider.cpu());
        assertThat(ExecutionProvider.parse("cuda")).isEqualTo(ExecutionProvider.cuda(0));
        assertThat(ExecutionProvider.parse(" cuda:2 ")).isEqualTo(ExecutionProvider.cuda(2));
        assertThatThrownBy(() -> ExecutionProvider.parse("tpu")).hasMessageContaining("cpu, cuda or cuda:N");
        assertThatThrownBy(() -> ExecutionProvider.cuda(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void optionsValidateAndCopy() {
        final InferenceOptions options = InferenceOptions.cpuDefaults().withIntraOpThreads(3).withProvider(ExecutionProvider.cuda(1));
        assertThat(options.intraOpThreads()).isEqualTo(3);
        assertThat(options.provider().kind()).isEqualTo(ExecutionProvider.Kind.CUDA);
        assertThat(options.maxBatch()).isEqualTo(32);
        assertThatThrownBy(() -> new InferenceOptions(ExecutionProvider.cpu(), 0, false, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
