package io.radshift.stats.drift;

/** Overall verdict of a window; names match the Avro WindowVerdict enum. */
public enum Verdict {
    /** No test rejected after multiple-testing control. */
    OK,
    /** At least one test rejected after multiple-testing control. */
    DRIFT,
    /** Fewer studies than the configured minimum. */
    INSUFFICIENT_DATA
}
