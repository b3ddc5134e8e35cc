package io.radshift.inference.stream;

import io.radshift.avro.ImageFormat;
import io.radshift.avro.StudyEvent;
import io.radshift.config.ImageUriRoots;
import io.radshift.inference.ImageInput;
import io.radshift.inference.decode.DecodeException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Gets a study's encoded image: inline bytes, or the bytes behind its {@code imageUri}, only under one of the
 * configured roots ({@code model.imageUriRoots}, e.g. {@code file:///data/xrays/} or
 * {@code https://pacs.example.org/wado/}). With no roots configured, only inline images are accepted: an event must
 * never make the monitor read an arbitrary file ({@code file:///dev/zero}, {@code file:///etc/...}) or fetch an
 * arbitrary address. Files must be regular files whose real path (symbolic links resolved) lies under the root;
 * HTTP redirects are not followed; every read stops at the byte limit and HTTP requests time out. Every failure is
 * a {@link DecodeException} with a reason code, so the processor dead-letters the study instead of failing the batch.
 */
public final class ImageSource {

    /** Reason of a study with neither inline bytes nor a URI. */
    public static final String MISSING_IMAGE = "missing-image";
    /** Reason of an image URI that cannot be read (bad URI, file absent, HTTP error or timeout). */
    public static final String IMAGE_UNREADABLE = "image-unreadable";
    /** Reason of an image URI outside every configured root, or of a scheme other than file, http and https. */
    public static final String URI_NOT_ALLOWED = "image-uri-not-allowed";

    private final long maxBytes;
    private final Duration timeout;
    private final List<URI> roots;
    private final HttpClient http;

    /**
     * Reads at most {@code maxBytes} per image, only under {@code roots} (as parsed by {@link ImageUriRoots});
     * HTTP requests time out after {@code timeout}.
     */
    public ImageSource(final long maxBytes, final Duration timeout, final List<URI> roots) {
        this.maxBytes = maxBytes;
        this.timeout = timeout;
        this.roots = List.copyOf(roots);
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Accepts inline images only. */
    public ImageSource(final long maxBytes, final Duration timeout) {
        this(maxBytes, timeout, List.of());
    }

    /**
     * The image of {@code study} as an input of {@link io.radshift.inference.ImageScorer}: its bytes are fetched
     * when the scorer asks, its declared format and photometric interpretation come from the event.
     */
    public ImageInput inputOf(final StudyEvent study) {
        return new StudyImage(study, this);
    }

    /** The encoded image of {@code study}. */
    public byte[] bytesOf(final StudyEvent study) throws DecodeException {
        final ByteBuffer inline = study.getImage();
        if (inline != null) {
            final byte[] bytes = new byte[inline.remaining()];
            inline.duplicate().get(bytes);
            return bytes;
        }
        final CharSequence uri = study.getImageUri();
        if (uri == null || uri.toString().isBlank()) {
            throw new DecodeException(MISSING_IMAGE, "study has neither inline image bytes nor an imageUri");
        }
        final URI parsed = parse(uri.toString());
        final URI root = allowedRoot(parsed);
        return root.getScheme().equalsIgnoreCase("file") ? readFile(parsed, root) : download(parsed);
    }

    private static URI parse(final String text) throws DecodeException {
        try {
            return new URI(text.trim()).normalize();
        } catch (final URISyntaxException e) {
            throw new DecodeException(IMAGE_UNREADABLE, "imageUri is not a valid URI: " + e.getReason());
        }
    }

    /** The configured root {@code uri} lies under; the comparison is on the normalised URI, so "..", which normalisation keeps only at the start, cannot climb out. */
    private URI allowedRoot(final URI uri) throws DecodeException {
        final String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!ImageUriRoots.SCHEMES.contains(scheme)) {
            throw new DecodeException(URI_NOT_ALLOWED, "imageUri scheme '" + scheme + "' is not file, http or https");
        }
        final String text = uri.toString();
        if (uri.getRawUserInfo() == null && !text.contains("/../")) {
            for (final URI root : roots) {
                if (scheme.equals(root.getScheme().toLowerCase(Locale.ROOT)) && under(uri, root, text)) {
                    return root;
                }
            }
        }
        throw new DecodeException(URI_NOT_ALLOWED, roots.isEmpty()
                ? "imageUri is not accepted: no model.imageUriRoots are configured (send the image inline)"
                : "imageUri lies outside every configured model.imageUriRoots entry");
    }

    private static boolean under(final URI uri, final URI root, final String text) {
        if (!"file".equals(uri.getScheme().toLowerCase(Locale.ROOT))) {
            return text.startsWith(root.toString());
        }
        try {
            return Path.of(uri).normalize().startsWith(Path.of(root));
        } catch (final IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            return false;
        }
    }

    private byte[] readFile(final URI uri, final URI root) throws DecodeException {
        try {
            final Path file = Path.of(uri).toRealPath();
            if (!file.startsWith(Path.of(root).toRealPath()) || !Files.isRegularFile(file)) {
                throw new DecodeException(URI_NOT_ALLOWED, "imageUri is not a regular file under its configured root");
            }
            try (InputStream in = Files.newInputStream(file)) {
                return bounded(in, "image file");
            }
        } catch (final IOException | IllegalArgumentException | SecurityException | java.nio.file.FileSystemNotFoundException e) {
            throw new DecodeException(IMAGE_UNREADABLE, "cannot read the imageUri file: " + e.getClass().getSimpleName());
        }
    }

    /** Reads at most {@code maxBytes} (a device such as /dev/zero reports size 0 and never ends). */
    private byte[] bounded(final InputStream in, final String what) throws IOException, DecodeException {
        final byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        if (bytes.length > maxBytes) {
            throw new DecodeException(DecodeException.TOO_LARGE, what + " exceeds the limit of " + maxBytes + " bytes");
        }
        return bytes;
    }

    private byte[] download(final URI uri) throws DecodeException {
        final HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
        try {
            final HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw new DecodeException(IMAGE_UNREADABLE, "imageUri answered HTTP " + response.statusCode());
                }
                return bounded(body, "image download");
            }
        } catch (final IOException e) {
            throw new DecodeException(IMAGE_UNREADABLE, "cannot download the imageUri: " + e.getClass().getSimpleName());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DecodeException(IMAGE_UNREADABLE, "interrupted while downloading the imageUri");
        }
    }

    /** A study event's image, fetched on demand through {@code source}. */
    private record StudyImage(StudyEvent study, ImageSource source) implements ImageInput {

        @Override
        public byte[] bytes() throws DecodeException {
            return source.bytesOf(study);
        }

        @Override
        public ImageFormat declaredFormat() {
            return study.getImageFormat();
        }

        @Override
        public String photometricInterpretation() {
            final CharSequence photometric = study.getMetadata() == null ? null : study.getMetadata().getPhotometricInterpretation();
            return photometric == null ? null : photometric.toString();
        }
    }
}
