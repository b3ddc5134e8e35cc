package io.radshift.tools.demo.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@link VitEncoderGraph}: the GPU benchmark's encoder has ViT-B/16's size and structure (the benchmark itself runs
 * it through ONNX Runtime; `radshift bench gpu --provider cpu --batches 1` is the check recorded in BENCHMARKS.md).
 */
class VitEncoderGraphTest {

    @Test
    void hasVitB16ParametersLayersAndInterface() {
        final ModelProto model = VitEncoderGraph.build(1);

        final long floats = model.getGraph().getInitializerList().stream()
            .filter(t -> t.getDataType() == TensorProto.DataType.FLOAT_VALUE && t.getDimsCount() > 0)
            .mapToLong(t -> t.getDimsList().stream().reduce(1L, (a, b) -> a * b)).sum();
        assertThat(floats).isEqualTo(VitEncoderGraph.parameterCount());
        assertThat(VitEncoderGraph.parameterCount()).isBetween(85_000_000L, 88_000_000L);

        final Map<String, Long> ops = model.getGraph().getNodeList().stream()
            .collect(Collectors.groupingBy(NodeProto::getOpType, Collectors.counting()));
        assertThat(ops).containsEntry("LayerNormalization", 25L).containsEntry("Softmax", 12L)
            .containsEntry("Erf", 12L).containsEntry("Conv", 1L);
        // Per block: q, k, v, output, two MLP layers and the two attention products; plus the final projection.
        assertThat(ops.get("MatMul")).isEqualTo(12L * 8 + 1);

        final Map<String, TensorProto> initializers = model.getGraph().getInitializerList().stream()
            .collect(Collectors.toMap(TensorProto::getName, Function.identity()));
        assertThat(initializers.get("patch_w").getDimsList()).containsExactly(768L, 3L, 16L, 16L);
        assertThat(initializers.get("position").getDimsList()).containsExactly(1L, 197L, 768L);
        assertThat(initializers.get("l0_fc1_w").getDimsList()).containsExactly(768L, 3072L);
        assertThat(model.getGraph().getInput(0).getName()).isEqualTo(VitEncoderGraph.INPUT);
        assertThat(model.getGraph().getOutput(0).getName()).isEqualTo(VitEncoderGraph.OUTPUT);
        assertThat(model.getOpsetImport(0).getVersion()).isEqualTo(17);
    }
}
