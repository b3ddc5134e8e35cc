package io.radshift.inference.decode;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;

/**
 * One idle {@code javax.imageio} reader per format and thread. Creating a JPEG reader allocates native decoder state
 * and looks the reader up through the service registry, which cost about as much as decoding a 224 px image; a
 * decode thread keeps its reader instead. A reader that failed is disposed rather than reused.
 */
final class ReaderCache {

    private static final ThreadLocal<Map<String, ImageReader>> IDLE = ThreadLocal.withInitial(HashMap::new);

    private ReaderCache() {
    }

    /** This thread's idle reader for {@code formatName}, or a new one. */
    static ImageReader take(final String formatName) throws DecodeException {
        final ImageReader idle = IDLE.get().remove(formatName);
        if (idle != null) {
            return idle;
        }
        final Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(formatName);
        if (!readers.hasNext()) {
            throw new DecodeException(DecodeException.UNSUPPORTED, "no " + formatName + " reader available");
        }
        return readers.next();
    }

    /** Returns {@code reader} after use: kept for this thread when {@code reusable}, else disposed. */
    static void give(final String formatName, final ImageReader reader, final boolean reusable) {
        if (!reusable) {
            reader.dispose();
            return;
        }
        // reset() drops the input and the listeners, so the kept reader holds no image or stream.
        reader.reset();
        final ImageReader previous = IDLE.get().put(formatName, reader);
        if (previous != null) {
            previous.dispose();
        }
    }
}
