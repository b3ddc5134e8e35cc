package io.radshift.tools.demo.model;

import static io.radshift.tools.demo.model.ConvEncoderGraph.intAttribute;
import static io.radshift.tools.demo.model.ConvEncoderGraph.intsAttribute;
import static io.radshift.tools.demo.model.ConvEncoderGraph.node;
import static io.radshift.tools.demo.model.ConvEncoderGraph.tensor;
import static io.radshift.tools.demo.model.ConvEncoderGraph.tensorInfo;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * An image encoder of the size of BiomedCLIP's vision tower, ViT-B/16 at 224 px (Dosovitskiy et al. 2021), as a
 * real ONNX graph with random weights: for timing a model of that cost on an execution provider (the GPU
 * benchmark), not for detection. The weights are not BiomedCLIP's (those need a download); the operations, shapes
 * and parameter count (about 86 M, 344 MB in fp32) are.
 *
 * <p>Graph ({@code [N,3,224,224]} float32 in, {@code [N,512]} L2-normalised out; IR 8, opset 17): a 16x16 stride-16
 * {@code Conv} patch embedding to 196 tokens of width 768, a class token (a zero token padded in front, whose
 * learned value is folded into the position embedding, which is the same sum), 12 pre-norm transformer blocks
 * ({@code LayerNormalization}, 12-head self-attention from three 768x768 projections, scaled {@code Softmax},
 * output projection, residual; {@code LayerNormalization}, a 3072-wide MLP with the exact erf GELU, residual), a
 * final {@code LayerNormalization}, the class token, a 768x512 projection and {@code LpNormalization}: the layout
 * ONNX Runtime's transformer fusions (attention, layer norm, GELU) recognise.
 */
public final class VitEncoderGraph {

    /** Name of the graph input. */
    public static final String INPUT = "image";
    /** Name of the graph output. */
    public static final String OUTPUT = "embedding";
    /** Input side in pixels. */
    public static final int IMAGE = 224;
    /** Input channels. */
    public static final int CHANNELS = 3;
    /** Output dimension (BiomedCLIP's joint embedding). */
    public static final int EMBEDDING = 512;

    private static final int PATCH = 16;
    private static final int TOKENS = (IMAGE / PATCH) * (IMAGE / PATCH) + 1;
    private static final int WIDTH = 768;
    private static final int HEADS = 12;
    private static final int HEAD_WIDTH = WIDTH / HEADS;
    private static final int MLP = 3072;
    private static final int LAYERS = 12;

    private final SplittableRandom random;
    private final GraphProto.Builder graph = GraphProto.newBuilder().setName("radshift-vit-b16-224-random");

    private VitEncoderGraph(final long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** The whole encoder with weights drawn from {@code seed}. */
    public static ModelProto build(final long seed) {
        return new VitEncoderGraph(seed).encoder();
    }

    /** Parameters of the encoder (weights and biases). */
    public static long parameterCount() {
        final long block = 4L * (WIDTH * WIDTH + WIDTH) + 2L * WIDTH * MLP + MLP + WIDTH + 4L * WIDTH;
        return (long) WIDTH * CHANNELS * PATCH * PATCH + WIDTH + (long) TOKENS * WIDTH + LAYERS * block + 2L * WIDTH
            + (long) WIDTH * EMBEDDING;
    }

    private ModelProto encoder() {
        graph.addInput(tensorInfo(INPUT, List.of(-1L, (long) CHANNELS, (long) IMAGE, (long) IMAGE)));
        constants();
        String x = patches();
        for (int layer = 0; layer < LAYERS; layer++) {
            x = block(x, "l" + layer);
        }
        x = layerNorm(x, "final_ln");
        graph.addNode(node("Gather", List.of(x, "zero_index"), "cls").toBuilder()
            .addAttribute(intAttribute("axis", 1)).build());
        final String projected = matMul("cls", "proj", WIDTH, EMBEDDING, false);
        graph.addNode(node("LpNormalization", List.of(projected), OUTPUT).toBuilder()
            .addAttribute(intAttribute("axis", 1)).addAttribute(intAttribute("p", 2)).build());
        graph.addOutput(tensorInfo(OUTPUT, List.of(-1L, (long) EMBEDDING)));
        return ModelProto.newBuilder().setIrVersion(ConvEncoderGraph.IR_VERSION)
            .setProducerName("radshift-vit-graph-builder")
            .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(ConvEncoderGraph.OPSET))
            .setGraph(graph).build();
    }

    private void constants() {
        graph.addInitializer(longs("tokens_shape", 0, WIDTH, -1));
        graph.addInitializer(longs("cls_pads", 0, 1, 0, 0, 0, 0));
        graph.addInitializer(longs("heads_shape", 0, 0, HEADS, HEAD_WIDTH));
        graph.addInitializer(longs("width_shape", 0, 0, WIDTH));
        graph.addInitializer(TensorProto.newBuilder().setName("zero_index").setDataType(TensorProto.DataType.INT64_VALUE)
            .addInt64Data(0).build());
        graph.addInitializer(scalar("attention_scale", (float) (1 / Math.sqrt(HEAD_WIDTH))));
        graph.addInitializer(scalar("half", 0.5f));
        graph.addInitializer(scalar("one", 1f));
        graph.addInitializer(scalar("inverse_sqrt2", (float) (1 / Math.sqrt(2))));
    }

    /** Patch embedding, class token and position embedding: {@code [N,197,768]}. */
    private String patches() {
        graph.addInitializer(tensor("patch_w", List.of((long) WIDTH, (long) CHANNELS, (long) PATCH, (long) PATCH),
            weights(WIDTH * CHANNELS * PATCH * PATCH, CHANNELS * PATCH * PATCH)));
        graph.addInitializer(tensor("patch_b", List.of((long) WIDTH), new float[WIDTH]));
        graph.addNode(node("Conv", List.of(INPUT, "patch_w", "patch_b"), "patch_grid").toBuilder()
            .addAttribute(intsAttribute("kernel_shape", PATCH, PATCH))
            .addAttribute(intsAttribute("strides", PATCH, PATCH)).build());
        graph.addNode(node("Reshape", List.of("patch_grid", "tokens_shape"), "patch_flat"));
        graph.addNode(transpose("patch_flat", "patch_tokens", 0, 2, 1));
        graph.addNode(node("Pad", List.of("patch_tokens", "cls_pads"), "with_cls"));
        graph.addInitializer(tensor("position", List.of(1L, (long) TOKENS, (long) WIDTH),
            weights(TOKENS * WIDTH, WIDTH)));
        graph.addNode(node("Add", List.of("with_cls", "position"), "embedded"));
        return "embedded";
    }

    /** One pre-norm transformer block. */
    private String block(final String x, final String p) {
        final String normed = layerNorm(x, p + "_ln1");
        final String q = heads(matMul(normed, p + "_q", WIDTH, WIDTH, true), p + "_q", 0, 2, 1, 3);
        final String k = heads(matMul(normed, p + "_k", WIDTH, WIDTH, true), p + "_k", 0, 2, 3, 1);
        final String v = heads(matMul(normed, p + "_v", WIDTH, WIDTH, true), p + "_v", 0, 2, 1, 3);
        graph.addNode(node("MatMul", List.of(q, k), p + "_scores"));
        graph.addNode(node("Mul", List.of(p + "_scores", "attention_scale"), p + "_scaled"));
        graph.addNode(node("Softmax", List.of(p + "_scaled"), p + "_probs").toBuilder()
            .addAttribute(intAttribute("axis", -1)).build());
        graph.addNode(node("MatMul", List.of(p + "_probs", v), p + "_context_heads"));
        graph.addNode(transpose(p + "_context_heads", p + "_context_tokens", 0, 2, 1, 3));
        graph.addNode(node("Reshape", List.of(p + "_context_tokens", "width_shape"), p + "_context"));
        final String attended = matMul(p + "_context", p + "_o", WIDTH, WIDTH, true);
        graph.addNode(node("Add", List.of(x, attended), p + "_res1"));
        final String hidden = matMul(layerNorm(p + "_res1", p + "_ln2"), p + "_fc1", WIDTH, MLP, true);
        final String activated = gelu(hidden, p + "_gelu");
        final String mlp = matMul(activated, p + "_fc2", MLP, WIDTH, true);
        graph.addNode(node("Add", List.of(p + "_res1", mlp), p + "_out"));
        return p + "_out";
    }

    /** {@code [N,197,768]} to {@code [N,12,...]} in the given axis order. */
    private String heads(final String x, final String p, final long... perm) {
        graph.addNode(node("Reshape", List.of(x, "heads_shape"), p + "_split"));
        graph.addNode(transpose(p + "_split", p + "_heads", perm));
        return p + "_heads";
    }

    /** The exact GELU, 0.5 x (1 + erf(x / sqrt 2)). */
    private String gelu(final String x, final String p) {
        graph.addNode(node("Mul", List.of(x, "inverse_sqrt2"), p + "_scaled"));
        graph.addNode(node("Erf", List.of(p + "_scaled"), p + "_erf"));
        graph.addNode(node("Add", List.of(p + "_erf", "one"), p + "_shifted"));
        graph.addNode(node("Mul", List.of(x, p + "_shifted"), p + "_product"));
        graph.addNode(node("Mul", List.of(p + "_product", "half"), p + "_value"));
        return p + "_value";
    }

    private String layerNorm(final String x, final String p) {
        final float[] ones = new float[WIDTH];
        Arrays.fill(ones, 1f);
        graph.addInitializer(tensor(p + "_g", List.of((long) WIDTH), ones));
        graph.addInitializer(tensor(p + "_b", List.of((long) WIDTH), new float[WIDTH]));
        graph.addNode(node("LayerNormalization", List.of(x, p + "_g", p + "_b"), p).toBuilder()
            .addAttribute(intAttribute("axis", -1))
            .addAttribute(AttributeProto.newBuilder().setName("epsilon").setType(AttributeProto.AttributeType.FLOAT)
                .setF(1e-6f)).build());
        return p;
    }

    private String matMul(final String x, final String p, final int in, final int out, final boolean bias) {
        graph.addInitializer(tensor(p + "_w", List.of((long) in, (long) out), weights(in * out, in)));
        graph.addNode(node("MatMul", List.of(x, p + "_w"), p + "_mm"));
        if (!bias) {
            return p + "_mm";
        }
        graph.addInitializer(tensor(p + "_bias", List.of((long) out), new float[out]));
        graph.addNode(node("Add", List.of(p + "_mm", p + "_bias"), p));
        return p;
    }

    /** Uniform weights with the variance 1 / fanIn (keeps activations of order one through the layers). */
    private float[] weights(final int count, final int fanIn) {
        final double bound = Math.sqrt(3.0 / fanIn);
        final float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
        }
        return values;
    }

    private static NodeProto transpose(final String in, final String out, final long... perm) {
        return node("Transpose", List.of(in), out).toBuilder().addAttribute(intsAttribute("perm", perm)).build();
    }

    private static TensorProto longs(final String name, final long... values) {
        final TensorProto.Builder t = TensorProto.newBuilder().setName(name)
            .setDataType(TensorProto.DataType.INT64_VALUE).addDims(values.length);
        for (final long v : values) {
            t.addInt64Data(v);
        }
        return t.build();
    }

    private static TensorProto scalar(final String name, final float value) {
        return TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE).addFloatData(value)
            .build();
    }
}
