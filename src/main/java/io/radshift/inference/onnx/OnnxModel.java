package io.radshift.inference.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ONNX Runtime session of a single-input, single-output image model ({@code [N,C,H,W] -> [N,D]}).
 *
 * <p>A CUDA request that ONNX Runtime cannot honour (no GPU, missing CUDA/cuDNN libraries) falls back to the CPU
 * with one WARN line, so a demo machine without a GPU still works; {@link #provider()} says what really runs. On
 * the default build, which ships the CPU-only ONNX Runtime, a CUDA request fails instead (see
 * {@link #requireBuiltFor}): a silent fallback there would hide that the GPU can never be used.
 * Not thread-safe: the input buffer is reused between calls (one model per stream thread).
 */
public final class OnnxModel implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OnnxModel.class);

    private final OrtEnvironment env;
    private final OrtSession session;
    private final ExecutionProvider.Kind provider;
    private final String inputName;
    private final long[] sampleShape;
    private final int sampleSize;
    private FloatBuffer inputBuffer;

    private OnnxModel(final OrtEnvironment env, final OrtSession session, final ExecutionProvider.Kind provider,
                      final long[] sampleShape) throws OrtException {
        this.env = env;
        this.session = session;
        this.provider = provider;
        this.inputName = session.getInputNames().iterator().next();
        this.sampleShape = sampleShape.clone();
        int size = 1;
        for (final long d : sampleShape) {
            size *= (int) d;
        }
        this.sampleSize = size;
    }

    /**
     * Opens {@code modelFile}.
     *
     * @param sampleShape the shape of one sample without the batch axis, e.g. {@code {1, 128, 128}}
     */
    public static OnnxModel open(final Path modelFile, final long[] sampleShape, final ExecutionProvider requested,
                                 final int intraOpThreads) throws OrtException {
        return open((env, options) -> env.createSession(modelFile.toString(), options), sampleShape, requested, intraOpThreads);
    }

    /** Opens a serialised model held in memory (used while building the demo bundle). */
    public static OnnxModel open(final byte[] model, final long[] sampleShape, final ExecutionProvider requested,
                                 final int intraOpThreads) throws OrtException {
        return open((env, options) -> env.createSession(model, options), sampleShape, requested, intraOpThreads);
    }

    /**
     * Fails with a one-line message when {@code requested} is CUDA and this build's ONNX Runtime has no CUDA provider
     * (the default Maven build ships the CPU runtime; {@code -Pgpu} and the Docker image ship the CUDA one).
     *
     * @throws IllegalStateException naming the build to use
     */
    public static void requireBuiltFor(final ExecutionProvider requested) {
        if (requested.kind() == ExecutionProvider.Kind.CUDA && !OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
            throw new IllegalStateException("model.provider cuda needs the GPU build of ONNX Runtime, but this is the CPU build:"
                    + " rebuild with 'mvn -Pgpu -DskipTests package' (or use the Docker image), or set model.provider: cpu");
        }
    }

    private static OnnxModel open(final SessionFactory factory, final long[] sampleShape, final ExecutionProvider requested,
                                  final int intraOpThreads) throws OrtException {
        requireBuiltFor(requested);
        final OrtEnvironment env = OrtEnvironment.getEnvironment();
        if (requested.kind() == ExecutionProvider.Kind.CUDA) {
            try (OrtSession.SessionOptions options = baseOptions(intraOpThreads)) {
                options.addCUDA(requested.deviceId());
                return new OnnxModel(env, factory.create(env, options), ExecutionProvider.Kind.CUDA, sampleShape);
            } catch (final OrtException | RuntimeException | UnsatisfiedLinkError e) {
                LOG.warn("CUDA execution provider unavailable ({}): running on CPU", firstLine(e.getMessage()));
            }
        }
        try (OrtSession.SessionOptions options = baseOptions(intraOpThreads)) {
            return new OnnxModel(env, factory.create(env, options), ExecutionProvider.Kind.CPU, sampleShape);
        }
    }

    /** Creates a session from some model source with the given options. */
    @FunctionalInterface
    private interface SessionFactory {
        OrtSession create(OrtEnvironment env, OrtSession.SessionOptions options) throws OrtException;
    }

    private static OrtSession.SessionOptions baseOptions(final int intraOpThreads) throws OrtException {
        final OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        // No busy-waiting between runs: in the stream the model alternates with image decoding on the same cores,
        // and spinning intra-op threads starved the decoder (processor path 2x slower on 2 loaded cores).
        options.addConfigEntry("session.intra_op.allow_spinning", "0");
        if (intraOpThreads > 0) {
            options.setIntraOpNumThreads(intraOpThreads);
        }
        return options;
    }

    private static String firstLine(final String message) {
        return message == null ? "no message" : message.lines().findFirst().orElse("").trim();
    }

    /** The provider that actually runs the model. */
    public ExecutionProvider.Kind provider() {
        return provider;
    }

    /**
     * Runs the model on {@code samples} (each {@link #sampleSize()} floats, CHW), copied straight into a reused
     * direct buffer that ONNX Runtime reads without another copy, and returns the {@code [samples][D]} output.
     */
    public float[][] run(final List<float[]> samples) throws OrtException {
        final int count = samples.size();
        final FloatBuffer buffer = inputBuffer(count * sampleSize);
        for (int i = 0; i < count; i++) {
            if (samples.get(i).length != sampleSize) {
                throw new IllegalArgumentException("sample " + i + " has " + samples.get(i).length + " floats, the model takes " + sampleSize);
            }
            buffer.put(samples.get(i));
        }
        buffer.flip();
        final long[] shape = new long[sampleShape.length + 1];
        shape[0] = count;
        System.arraycopy(sampleShape, 0, shape, 1, sampleShape.length);
        try (OnnxTensor input = OnnxTensor.createTensor(env, buffer, shape);
             OrtSession.Result result = session.run(Map.of(inputName, input))) {
            final OnnxTensor output = (OnnxTensor) result.get(0);
            final int dim = (int) output.getInfo().getShape()[1];
            final FloatBuffer values = output.getFloatBuffer();
            final float[][] out = new float[count][dim];
            for (int i = 0; i < count; i++) {
                values.get(out[i]);
            }
            return out;
        }
    }

    /** A direct buffer of at least {@code floats} capacity, reused between calls (ONNX Runtime reads it without copying). */
    private FloatBuffer inputBuffer(final int floats) {
        if (inputBuffer == null || inputBuffer.capacity() < floats) {
            inputBuffer = ByteBuffer.allocateDirect(floats * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
        }
        inputBuffer.clear();
        return inputBuffer;
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
