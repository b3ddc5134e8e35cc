package io.radshift.cli;

import io.radshift.config.Secret;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Finds a command's Schema Registry credentials ({@code user:password}): the file of
 * {@code --registry-user-info-file}, or else the environment variable {@value #ENV}. Never a command-line value:
 * it would show in the process list and the shell history.
 */
final class RegistryUserInfo {

    /** Environment variable holding {@code user:password}. */
    static final String ENV = "RADSHIFT_REGISTRY_USER_INFO";

    /** The refusal of the old {@code --registry-user-info USER:PASSWORD} option. */
    static final String ON_COMMAND_LINE = "--registry-user-info is no longer accepted: a password on the command line "
            + "shows in the process list and the shell history; give --registry-user-info-file FILE or set " + ENV;

    private RegistryUserInfo() {
    }

    /**
     * The credentials, checked now so a missing file or a value without a colon fails before anything is sent.
     *
     * @param file {@code --registry-user-info-file}, preferred when given
     * @param env  environment lookup, {@code System::getenv} outside tests
     * @return empty when neither is given: the registry needs no credentials
     * @throws io.radshift.config.ConfigException when the file cannot be read or is empty
     * @throws IllegalArgumentException when the value is not {@code user:password}
     */
    static Optional<Secret> resolve(final Optional<Path> file, final UnaryOperator<String> env) {
        final Optional<Secret> secret = file.map(Secret::fromFile).or(() -> Optional.ofNullable(env.apply(ENV))
                .filter(value -> !value.isEmpty()).map(value -> Secret.fromEnv(ENV, env)));
        secret.ifPresent(s -> {
            final String value = s.value();
            if (value.indexOf(':') < 1) {
                throw new IllegalArgumentException("the Schema Registry credentials from the " + s.source()
                        + " must be user:password");
            }
        });
        return secret;
    }
}
