package io.radshift.tools.bench;

/**
 * When the chaos benchmark kills the monitor: right after a metric shows the step happening, before the transaction
 * that holds its output commits (Kafka Streams commits every second), so that the output is written but not
 * committed when the process dies.
 */
enum KillMoment {
    /** A micro-batch went through the model: its inferences are in the open transaction. */
    INFERENCE("radshift_inference_latency_seconds_count"),
    /** A window closed and was evaluated: its summary and the deletion of its panes are in the open transaction. */
    WINDOW_CLOSE("radshift_windows_evaluated_total"),
    /** An incident event was emitted: the alert and the incident's new state are in the open transaction. */
    ALERT("radshift_incident_events_total");

    private final String metric;

    KillMoment(final String metric) {
        this.metric = metric;
    }

    /** The Prometheus series whose increase marks the moment. */
    String metric() {
        return metric;
    }

    /** The label used in the benchmark's line. */
    String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace("_close", "");
    }
}
