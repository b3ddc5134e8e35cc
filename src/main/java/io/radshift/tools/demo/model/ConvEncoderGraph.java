package io.radshift.tools.demo.model;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Builds the demo image encoder as a real ONNX graph: a fixed-seed, untrained convolutional feature extractor
 * in the spirit of Rabanser et al. (2019), whose random filters respond to contrast, texture, noise and blur and
 * so make distribution shift visible without any training.
 *
 * <p>Graph ({@code [N,1,S,S]} float32 in, {@code [N,D]} L2-normalised out; IR 8, opset 17):
 * four {@code Conv(stride 2) -> Relu} blocks (1→16 k5, 16→32, 32→64, 64→64 k3), a {@code GlobalAveragePool} of
 * every block, {@code Concat} (16+32+64+64 = 176 features, several scales for better shift sensitivity),
 * {@code Flatten}, a {@code Gemm} that standardises the features (with a reference mean/std) and projects them
 * with a fixed random Gaussian matrix to D dimensions, and {@code LpNormalization(p=2)}.
 * {@link #features()} is the same graph cut after {@code Flatten}, used to measure the reference mean/std.
 */
public final class ConvEncoderGraph {

    /** Name of the graph input. */
    public static final String INPUT = "image";
    /** Name of the graph output. */
    public static final String OUTPUT = "embedding";
    /** ONNX IR version written. */
    public static final long IR_VERSION = 8;
    /** Default-domain opset written. */
    public static final long OPSET = 17;

    private static final int[] CHANNELS = {16, 32, 64, 64};
    private static final int[] KERNELS = {5, 3, 3, 3};

    private final int inputSize;
    private final int embeddingDim;
    private final long seed;

    /** Describes the graph: square input size, output dimension and the weight seed. */
    public ConvEncoderGraph(final int inputSize, final int embeddingDim, final long seed) {
        if (inputSize < 16 || embeddingDim < 1) {
            throw new IllegalArgumentException("inputSize >= 16 and embeddingDim >= 1 required");
        }
        this.inputSize = inputSize;
        this.embeddingDim = embeddingDim;
        this.seed = seed;
    }

    /** Number of pooled features before the projection. */
    public static int featureCount() {
        int sum = 0;
        for (final int c : CHANNELS) {
            sum += c;
        }
        return sum;
    }

    /** The feature-extractor graph: output {@code features} of shape {@code [N, featureCount()]}. */
    public ModelProto features() {
        final GraphProto.Builder graph = trunk();
        graph.addOutput(tensorInfo("features", List.of(-1L, (long) featureCount())));
        return model(graph.setName("radshift-demo-features"));
    }

    /**
     * The full encoder: features standardised with {@code featureMean}/{@code featureStd} (length
     * {@link #featureCount()}), randomly projected to {@code embeddingDim} and L2-normalised. Standardising
     * first centres the all-positive ReLU features, so embeddings spread over the sphere instead of
     * clustering in one direction (cosines would otherwise all be close to 1).
     */
    public ModelProto encoder(final double[] featureMean, final double[] featureStd) {
        final int f = featureCount();
        if (featureMean.length != f || featureStd.length != f) {
            throw new IllegalArgumentException("need " + f + " feature means and standard deviations");
        }
        final double[][] projection = gaussian(new Random(seed ^ 0x5DEECE66DL), f, embeddingDim, 1.0 / Math.sqrt(f));
        final float[] weights = new float[f * embeddingDim];
        final float[] bias = new float[embeddingDim];
        for (int i = 0; i < f; i++) {
            final double scale = 1.0 / Math.max(featureStd[i], 1e-6);
            for (int d = 0; d < embeddingDim; d++) {
                weights[i * embeddingDim + d] = (float) (projection[i][d] * scale);
                bias[d] -= (float) (projection[i][d] * scale * featureMean[i]);
            }
        }
        final GraphProto.Builder graph = trunk();
        graph.addInitializer(tensor("proj_w", List.of((long) f, (long) embeddingDim), weights));
        graph.addInitializer(tensor("proj_b", List.of((long) embeddingDim), bias));
        graph.addNode(node("Gemm", List.of("features", "proj_w", "proj_b"), "projected"));
        graph.addNode(node("LpNormalization", List.of("projected"), OUTPUT).toBuilder()
                .addAttribute(intAttribute("axis", 1)).addAttribute(intAttribute("p", 2)).build());
        graph.addOutput(tensorInfo(OUTPUT, List.of(-1L, (long) embeddingDim)));
        return model(graph.setName("radshift-demo-encoder"));
    }

    /** Conv blocks, pooling, concatenation and flatten: everything up to the {@code features} value. */
    private GraphProto.Builder trunk() {
        final Random random = new Random(seed);
        final GraphProto.Builder graph = GraphProto.newBuilder();
        graph.addInput(tensorInfo(INPUT, List.of(-1L, 1L, (long) inputSize, (long) inputSize)));
        String previous = INPUT;
        int inChannels = 1;
        final List<String> pooled = new ArrayList<>();
        for (int block = 0; block < CHANNELS.length; block++) {
            final int k = KERNELS[block];
            final int out = CHANNELS[block];
            final String w = "conv" + block + "_w";
            graph.addInitializer(tensor(w, List.of((long) out, (long) inChannels, (long) k, (long) k),
                    heNormal(random, out * inChannels * k * k, inChannels * k * k)));
            graph.addNode(conv(previous, w, "conv" + block, k));
            graph.addNode(node("Relu", List.of("conv" + block), "relu" + block));
            graph.addNode(node("GlobalAveragePool", List.of("relu" + block), "pool" + block));
            pooled.add("pool" + block);
            previous = "relu" + block;
            inChannels = out;
        }
        graph.addNode(node("Concat", pooled, "pooled").toBuilder().addAttribute(intAttribute("axis", 1)).build());
        graph.addNode(node("Flatten", List.of("pooled"), "features").toBuilder().addAttribute(intAttribute("axis", 1)).build());
        return graph;
    }

    private static NodeProto conv(final String input, final String weights, final String output, final int k) {
        final int pad = k / 2;
        return node("Conv", List.of(input, weights), output).toBuilder()
                .addAttribute(intsAttribute("kernel_shape", k, k))
                .addAttribute(intsAttribute("strides", 2, 2))
                .addAttribute(intsAttribute("pads", pad, pad, pad, pad))
                .build();
    }

    private static ModelProto model(final GraphProto.Builder graph) {
        return ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .setProducerName("radshift-demo-bundle-builder")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(graph)
                .build();
    }

    static NodeProto node(final String op, final List<String> inputs, final String output) {
        return NodeProto.newBuilder().setOpType(op).setName(output + "_" + op).addAllInput(inputs).addOutput(output).build();
    }

    static AttributeProto intAttribute(final String name, final long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    static AttributeProto intsAttribute(final String name, final long... values) {
        final AttributeProto.Builder b = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (final long v : values) {
            b.addInts(v);
        }
        return b.build();
    }

    /** A float tensor value-info; a negative dimension becomes the symbolic batch axis {@code N}. */
    static ValueInfoProto tensorInfo(final String name, final List<Long> dims) {
        final TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (final long d : dims) {
            shape.addDim(d < 0 ? TensorShapeProto.Dimension.newBuilder().setDimParam("N")
                    : TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        final TypeProto type = TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder()
                .setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(shape)).build();
        return ValueInfoProto.newBuilder().setName(name).setType(type).build();
    }

    static TensorProto tensor(final String name, final List<Long> dims, final float[] values) {
        final ByteBuffer raw = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (final float v : values) {
            raw.putFloat(v);
        }
        return TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE)
                .addAllDims(dims).setRawData(ByteString.copyFrom(raw.array())).build();
    }

    private static float[] heNormal(final Random random, final int count, final int fanIn) {
        final double sd = Math.sqrt(2.0 / fanIn);
        final float[] out = new float[count];
        for (int i = 0; i < count; i++) {
            out[i] = (float) (random.nextGaussian() * sd);
        }
        return out;
    }

    private static double[][] gaussian(final Random random, final int rows, final int cols, final double sd) {
        final double[][] out = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                out[i][j] = random.nextGaussian() * sd;
            }
        }
        return out;
    }
}
