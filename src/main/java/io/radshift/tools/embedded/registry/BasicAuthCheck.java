package io.radshift.tools.embedded.registry;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/** Checks an {@code Authorization: Basic ...} header against one {@code user:password}, in constant time. */
final class BasicAuthCheck {

    private final byte[] expected;

    BasicAuthCheck(final String userInfo) {
        if (!userInfo.contains(":")) {
            throw new IllegalArgumentException("basic auth user info must be user:password");
        }
        this.expected = ("Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8)))
                .getBytes(StandardCharsets.UTF_8);
    }

    boolean accepts(final String header) {
        return header != null && MessageDigest.isEqual(expected, header.trim().getBytes(StandardCharsets.UTF_8));
    }
}
