package io.radshift.inference.onnx;

/**
 * How to run an encoder.
 *
 * @param provider       requested execution provider
 * @param intraOpThreads ONNX Runtime intra-op threads; 0 lets ONNX Runtime choose (all cores)
 * @param preferFp16     use the bundle's fp16 encoder when it has one (sensible on CUDA only)
 * @param maxBatch       largest batch sent in one model call; larger requests are split
 */
public record InferenceOptions(ExecutionProvider provider, int intraOpThreads, boolean preferFp16, int maxBatch) {

    /** Validates the numbers. */
    public InferenceOptions {
        if (intraOpThreads < 0 || maxBatch < 1) {
            throw new IllegalArgumentException("intraOpThreads >= 0 and maxBatch >= 1 required");
        }
    }

    /** CPU, ONNX Runtime's default thread count, fp32, batches of up to 32. */
    public static InferenceOptions cpuDefaults() {
        return new InferenceOptions(ExecutionProvider.cpu(), 0, false, 32);
    }

    /** The same options with another provider. */
    public InferenceOptions withProvider(final ExecutionProvider p) {
        return new InferenceOptions(p, intraOpThreads, preferFp16, maxBatch);
    }

    /** The same options with another intra-op thread count. */
    public InferenceOptions withIntraOpThreads(final int threads) {
        return new InferenceOptions(provider, threads, preferFp16, maxBatch);
    }
}
