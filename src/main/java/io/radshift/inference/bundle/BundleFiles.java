package io.radshift.inference.bundle;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The file names a bundle's {@code bundle.json} lists under {@code files}, relative to the bundle directory.
 *
 * @param encoder      the fp32 image encoder, ONNX ({@code encoder.onnx})
 * @param encoderFp16  an optional half-precision variant with float32 inputs/outputs ({@code encoder-fp16.onnx})
 * @param prompts      the prompt embeddings ({@code prompts.bin}, see {@link PromptEmbeddings})
 */
public record BundleFiles(String encoder, Optional<String> encoderFp16, String prompts) {

    /** Default file names, the ones {@code tools/export_biomedclip.py} and the demo builder write. */
    public static final String ENCODER = "encoder.onnx";
    /** Default name of the fp16 encoder variant. */
    public static final String ENCODER_FP16 = "encoder-fp16.onnx";
    /** Default name of the prompt embedding file. */
    public static final String PROMPTS = "prompts.bin";

    /** Validates that names are present. */
    public BundleFiles {
        Objects.requireNonNull(encoder, "encoder");
        Objects.requireNonNull(encoderFp16, "encoderFp16");
        Objects.requireNonNull(prompts, "prompts");
    }

    /** The default layout without an fp16 variant. */
    public static BundleFiles defaults() {
        return new BundleFiles(ENCODER, Optional.empty(), PROMPTS);
    }

    /**
     * The files covered by the content hash, in hash order: encoder, fp16 encoder (when present), prompts.
     * See {@link BundleHash} for the exact definition.
     */
    public List<String> hashedFiles() {
        final List<String> names = new ArrayList<>(3);
        names.add(encoder);
        encoderFp16.ifPresent(names::add);
        names.add(prompts);
        return List.copyOf(names);
    }
}
