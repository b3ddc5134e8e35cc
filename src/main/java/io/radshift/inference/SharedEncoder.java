package io.radshift.inference;

import ai.onnxruntime.OrtException;
import io.radshift.inference.bundle.ModelBundle;
import io.radshift.inference.onnx.InferenceOptions;
import java.util.HashMap;
import java.util.Map;

/**
 * One {@link ImageEncoder} per process for each bundle and set of options, shared by all the stream tasks that
 * ask for it and closed when the last of them lets go. A session per task held the model's weights, ONNX
 * Runtime's arena and an intra-op thread pool once per partition: with six partitions on one instance, six copies
 * and six pools contending for the same cores.
 */
public final class SharedEncoder {

    private static final Map<Key, Entry> OPEN = new HashMap<>();

    private SharedEncoder() {
    }

    /** Opens the encoder, or shares the one already open for the same bundle and options; close the lease after use. */
    public static Lease acquire(final ModelBundle bundle, final InferenceOptions options) throws OrtException {
        final Key key = new Key(bundle.dir().toAbsolutePath().normalize().toString(), bundle.contentHash(), options);
        synchronized (OPEN) {
            Entry entry = OPEN.get(key);
            if (entry == null) {
                entry = new Entry(ImageEncoder.open(bundle, options));
                OPEN.put(key, entry);
            }
            entry.users++;
            return new Lease(key, entry.encoder);
        }
    }

    /** How many encoders are open now (for tests and the session memory benchmark). */
    public static int openEncoders() {
        synchronized (OPEN) {
            return OPEN.size();
        }
    }

    private static void release(final Key key) throws OrtException {
        synchronized (OPEN) {
            final Entry entry = OPEN.get(key);
            if (entry != null && --entry.users == 0) {
                OPEN.remove(key);
                entry.encoder.close();
            }
        }
    }

    /** A task's use of the shared encoder. */
    public static final class Lease implements AutoCloseable {
        private final Key key;
        private final ImageEncoder encoder;
        private boolean closed;

        private Lease(final Key key, final ImageEncoder encoder) {
            this.key = key;
            this.encoder = encoder;
        }

        /** The shared encoder. */
        public ImageEncoder encoder() {
            return encoder;
        }

        /** Lets go of the encoder; the last lease closes it. Closing twice does nothing. */
        @Override
        public void close() throws OrtException {
            if (!closed) {
                closed = true;
                release(key);
            }
        }
    }

    private record Key(String bundleDir, String contentHash, InferenceOptions options) {
    }

    private static final class Entry {
        private final ImageEncoder encoder;
        private int users;

        Entry(final ImageEncoder encoder) {
            this.encoder = encoder;
        }
    }
}
