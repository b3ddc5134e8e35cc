package io.radshift.inference.stream;

import io.radshift.avro.ImageFormat;
import io.radshift.avro.StudyEvent;
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
import java.util.Locale;

/**
 * Gets a study's encoded image: inline bytes, or the bytes behind its {@code imageUri} ({@code file:} or
 * {@code http(s):}, with a timeout and the same byte limit as the decoder). Every failure is a
 * {@link DecodeException} with a reason code, so the processor dead-letters the study instead of failing the batch.
 */
public final class ImageSource {

    /** Reason of a study with neither inline bytes nor a URI. */
    public static final String MISSING_IMAGE = "missing-image";
    /** Reason of an image URI that cannot be read (bad URI, unknown scheme, file absent, HTTP error or timeout). */
    public static final String IMAGE_UNREADABLE = "image-unreadable";

    private final long maxBytes;
    private final Duration timeout;
    private final HttpClient http;

    /** Reads at most {@code maxBytes} per image; HTTP requests time out after {@code timeout}. */
    public ImageSource(final long maxBytes, final Duration timeout) {
        this.maxBytes = maxBytes;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
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
        return fetch(parse(uri.toString()));
    }

    private static URI parse(final String text) throws DecodeException {
        try {
            return new URI(text.trim());
        } catch (final URISyntaxException e) {
            throw new DecodeException(IMAGE_UNREADABLE, "imageUri is not a valid URI: " + e.getReason());
        }
    }

    private byte[] fetch(final URI uri) throws DecodeException {
        final String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        return switch (scheme) {
            case "file" -> readFile(uri);
            case "http", "https" -> download(uri);
            default -> throw new DecodeException(IMAGE_UNREADABLE, "imageUri scheme '" + scheme + "' is not file, http or https");
        };
    }

    private byte[] readFile(final URI uri) throws DecodeException {
        try {
            final Path file = Path.of(uri);
            final long size = Files.size(file);
            if (size > maxBytes) {
                throw new DecodeException(DecodeException.TOO_LARGE, "image file has " + size + " bytes, the limit is " + maxBytes);
            }
            return Files.readAllBytes(file);
        } catch (final IOException | IllegalArgumentException | SecurityException e) {
            throw new DecodeException(IMAGE_UNREADABLE, "cannot read the imageUri file: " + e.getClass().getSimpleName());
        }
    }

    private byte[] download(final URI uri) throws DecodeException {
        final HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
        try {
            final HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw new DecodeException(IMAGE_UNREADABLE, "imageUri answered HTTP " + response.statusCode());
                }
                final byte[] bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
                if (bytes.length > maxBytes) {
                    throw new DecodeException(DecodeException.TOO_LARGE, "image download exceeds the limit of " + maxBytes + " bytes");
                }
                return bytes;
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
