package io.radshift.inference.onnx;

/**
 * Where ONNX Runtime should run the model: the CPU, or a CUDA device (falls back to the CPU when the CUDA
 * provider cannot be loaded, see {@link OnnxModel}).
 *
 * @param kind     CPU or CUDA
 * @param deviceId CUDA device ordinal (ignored for the CPU)
 */
public record ExecutionProvider(Kind kind, int deviceId) {

    /** The provider families RadShift uses; names match the Avro {@code executionProvider} field values. */
    public enum Kind { CPU, CUDA }

    /** Validates the device id. */
    public ExecutionProvider {
        if (deviceId < 0) {
            throw new IllegalArgumentException("deviceId must be >= 0");
        }
    }

    /** The CPU provider. */
    public static ExecutionProvider cpu() {
        return new ExecutionProvider(Kind.CPU, 0);
    }

    /** The CUDA provider on device {@code deviceId}. */
    public static ExecutionProvider cuda(final int deviceId) {
        return new ExecutionProvider(Kind.CUDA, deviceId);
    }

    /** Parses {@code cpu}, {@code cuda} or {@code cuda:N} (case-insensitive), as given on command lines. */
    public static ExecutionProvider parse(final String text) {
        final String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        if (t.equals("cpu")) {
            return cpu();
        }
        if (t.equals("cuda")) {
            return cuda(0);
        }
        if (t.startsWith("cuda:")) {
            return cuda(Integer.parseInt(t.substring(5)));
        }
        throw new IllegalArgumentException("execution provider must be cpu, cuda or cuda:N, got '" + text + "'");
    }
}
