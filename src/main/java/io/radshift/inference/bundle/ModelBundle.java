package io.radshift.inference.bundle;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A validated model bundle directory: {@code bundle.json}, the ONNX image encoder(s) and the prompt embeddings.
 *
 * <p>{@link #load(Path)} checks everything before any study is scored, because a silently wrong bundle
 * (another model's prompts, a resized input, a tampered file) would make every drift statistic meaningless:
 * files present, JSON well-formed, content hash matching, prompt file size and norms, and the encoder's
 * declared input {@code [N, C, H, W]} float32 (dynamic N) and output {@code [N, D]} matching {@code bundle.json}.
 */
public final class ModelBundle {

    private final Path dir;
    private final BundleManifest manifest;
    private final PromptEmbeddings prompts;

    private ModelBundle(final Path dir, final BundleManifest manifest, final PromptEmbeddings prompts) {
        this.dir = dir;
        this.manifest = manifest;
        this.prompts = prompts;
    }

    /** Loads and validates the bundle in {@code dir}; see the class comment for what is checked. */
    public static ModelBundle load(final Path dir) throws InvalidBundleException {
        if (!Files.isDirectory(dir)) {
            throw new InvalidBundleException(dir, "not a directory");
        }
        final BundleManifest manifest = BundleManifest.read(dir);
        for (final String name : manifest.files().hashedFiles()) {
            if (!Files.isRegularFile(dir.resolve(name))) {
                throw new InvalidBundleException(dir, "missing file " + name + " (listed in " + BundleManifest.FILE_NAME + ")");
            }
        }
        verifyHash(dir, manifest);
        final PromptEmbeddings prompts = PromptEmbeddings.read(dir, manifest.files().prompts(),
                manifest.labels().size(), manifest.embeddingDim());
        verifyEncoder(dir, manifest, manifest.files().encoder());
        if (manifest.files().encoderFp16().isPresent()) {
            verifyEncoder(dir, manifest, manifest.files().encoderFp16().get());
        }
        return new ModelBundle(dir, manifest, prompts);
    }

    private static void verifyHash(final Path dir, final BundleManifest manifest) throws InvalidBundleException {
        final String actual;
        try {
            actual = BundleHash.compute(dir, manifest.files().hashedFiles());
        } catch (final java.io.IOException e) {
            throw new InvalidBundleException(dir, "cannot hash bundle files", e);
        }
        if (!actual.equals(manifest.contentHash())) {
            throw new InvalidBundleException(dir, "content hash mismatch: " + BundleManifest.FILE_NAME + " says "
                    + manifest.contentHash() + ", files hash to " + actual);
        }
    }

    /** Opens the model on the CPU without graph optimisation, only to read its declared inputs and outputs. */
    private static void verifyEncoder(final Path dir, final BundleManifest manifest, final String name)
            throws InvalidBundleException {
        final OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.NO_OPT);
            try (OrtSession session = env.createSession(dir.resolve(name).toString(), options)) {
                checkInput(dir, name, manifest, single(dir, name, "input", session.getInputInfo()));
                checkOutput(dir, name, manifest, single(dir, name, "output", session.getOutputInfo()));
            }
        } catch (final OrtException e) {
            throw new InvalidBundleException(dir, name + " is not a loadable ONNX model: " + e.getMessage(), e);
        }
    }

    private static TensorInfo single(final Path dir, final String name, final String what,
                                     final Map<String, NodeInfo> infos) throws InvalidBundleException {
        if (infos.size() != 1) {
            throw new InvalidBundleException(dir, name + " must have exactly one " + what + ", has " + infos.keySet());
        }
        final NodeInfo info = infos.values().iterator().next();
        if (!(info.getInfo() instanceof TensorInfo tensor) || tensor.type != OnnxJavaType.FLOAT) {
            throw new InvalidBundleException(dir, name + ": " + what + " '" + info.getName() + "' must be a float32 tensor, is " + info.getInfo());
        }
        return tensor;
    }

    private static void checkInput(final Path dir, final String name, final BundleManifest m, final TensorInfo input)
            throws InvalidBundleException {
        final long[] shape = input.getShape();
        final long size = m.inputSize();
        final boolean ok = shape.length == 4 && shape[0] < 0 && shape[1] == m.inputChannels() && shape[2] == size && shape[3] == size;
        if (!ok) {
            throw new InvalidBundleException(dir, "shape mismatch: " + name + " declares input " + Arrays.toString(shape)
                    + " but " + BundleManifest.FILE_NAME + " expects [N, " + m.inputChannels() + ", " + size + ", " + size
                    + "] with a dynamic batch axis N (shown as -1)");
        }
    }

    private static void checkOutput(final Path dir, final String name, final BundleManifest m, final TensorInfo output)
            throws InvalidBundleException {
        final long[] shape = output.getShape();
        final boolean ok = shape.length == 2 && shape[0] < 0 && shape[1] == m.embeddingDim();
        if (!ok) {
            throw new InvalidBundleException(dir, "shape mismatch: " + name + " declares output " + Arrays.toString(shape)
                    + " but " + BundleManifest.FILE_NAME + " expects [N, " + m.embeddingDim() + "] (embeddingDim) with a dynamic batch axis");
        }
    }

    /** The bundle directory. */
    public Path dir() {
        return dir;
    }

    /** The parsed {@code bundle.json}. */
    public BundleManifest manifest() {
        return manifest;
    }

    /** The validated prompt embeddings. */
    public PromptEmbeddings prompts() {
        return prompts;
    }

    /** The content hash (identical to {@code manifest().contentHash()}, verified at load). */
    public String contentHash() {
        return manifest.contentHash();
    }

    /** The model id from {@code bundle.json}. */
    public String modelId() {
        return manifest.modelId();
    }

    /** Label names in score order. */
    public List<String> labels() {
        return manifest.labels();
    }

    /** Path of the fp32 encoder. */
    public Path encoderFile() {
        return dir.resolve(manifest.files().encoder());
    }

    /** Path of the optional fp16 encoder. */
    public Optional<Path> encoderFp16File() {
        return manifest.files().encoderFp16().map(dir::resolve);
    }
}
