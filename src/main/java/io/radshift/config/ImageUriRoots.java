package io.radshift.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Parses {@code model.imageUriRoots}: the URI prefixes under which a study's {@code imageUri} may be read. Each is an
 * absolute {@code file:}, {@code http:} or {@code https:} URI with a path and no user info, normalised and made to
 * end with '/' so that {@code file:///data/x} does not also admit {@code file:///data/xrays-private}.
 */
public final class ImageUriRoots {

    /** The schemes an image URI may have. */
    public static final Set<String> SCHEMES = Set.of("file", "http", "https");

    private ImageUriRoots() {
    }

    /** Parses every root; throws {@link IllegalArgumentException} with a one-line reason for the first bad one. */
    public static List<URI> parse(final List<String> roots) {
        return roots.stream().map(ImageUriRoots::parse).toList();
    }

    static URI parse(final String text) {
        final URI uri;
        try {
            uri = new URI(text.trim()).normalize();
        } catch (final URISyntaxException e) {
            throw new IllegalArgumentException("model.imageUriRoots: '" + text + "' is not a URI: " + e.getReason());
        }
        final String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!SCHEMES.contains(scheme) || uri.getRawPath() == null || !uri.getRawPath().startsWith("/")
                || uri.getRawUserInfo() != null || uri.getRawPath().contains("/../")) {
            throw new IllegalArgumentException("model.imageUriRoots: '" + text
                    + "' must be an absolute file:, http: or https: URI with a path and no user info");
        }
        return uri.getRawPath().endsWith("/") ? uri : URI.create(uri + "/");
    }
}
