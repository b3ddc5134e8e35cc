package io.radshift.fuzz;

import java.util.List;
import java.util.Random;

/**
 * One decoder under fuzzing: its valid seeds, its structure-aware mutations and the call itself.
 *
 * <p>{@link #consume} returns normally for an accepted input (after checking what it produced) and throws for a
 * refused one; the campaign checks that every throwable is one of {@link #documentedFailures()}.
 */
public interface FuzzTarget {

    /** Short name, used in messages and finding file names. */
    String name();

    /** Valid inputs the mutations start from. */
    List<byte[]> seeds();

    /**
     * A structure-aware mutation of {@code seed} (e.g. a PNG chunk with a hostile length and a correct CRC), or
     * {@code null} to fall back to byte-level havoc.
     */
    byte[] mutate(Random random, byte[] seed);

    /** The exception types a refused input may throw; anything else is a finding. */
    List<Class<? extends Throwable>> documentedFailures();

    /**
     * Feeds one input. Returns normally when it was accepted and its result is sane, throws a documented failure
     * when it is refused; an {@link AssertionError} reports an accepted input whose result is wrong.
     */
    void consume(byte[] input) throws Exception;

    /** A bounded description of a documented refusal for the report (e.g. its reason code), or null for its type. */
    default String describe(final Throwable failure) {
        return null;
    }
}
