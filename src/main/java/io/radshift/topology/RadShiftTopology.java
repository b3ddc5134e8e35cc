package io.radshift.topology;

import io.radshift.topics.Topics;

import io.radshift.config.RadShiftConfig;
import io.radshift.inference.bundle.ModelBundle;
import io.radshift.topology.InferenceStage;
import io.radshift.ops.RadShiftMetrics;
import io.radshift.stats.profile.ReferenceProfile;
import io.radshift.inference.stream.BufferMarks;
import io.radshift.window.Backlog;
import org.apache.kafka.streams.Topology;

/** Builds RadShift's whole Kafka Streams topology from its configuration: inference, then monitoring. */
public final class RadShiftTopology {

    private RadShiftTopology() {
    }

    /**
     * studies ─▶ inference ─▶ study-inferences ─▶ windows ─▶ detector ─▶ drift-windows, incidents ─▶ drift-alerts.
     *
     * @throws IllegalStateException when the profile was built for another model bundle
     */
    public static Topology build(final RadShiftConfig config, final Topics topics, final ModelBundle bundle,
                                 final ReferenceProfile profile, final RadShiftMetrics metrics) {
        return build(config, topics, bundle, profile, metrics, Backlog.NONE);
    }

    /**
     * As {@link #build(RadShiftConfig, Topics, ModelBundle, ReferenceProfile, RadShiftMetrics)}, with the
     * {@code backlog} of the input that holds the idle rule of quiet sites back (the running application's).
     */
    public static Topology build(final RadShiftConfig config, final Topics topics, final ModelBundle bundle,
                                 final ReferenceProfile profile, final RadShiftMetrics metrics, final Backlog backlog) {
        return build(config, topics, bundle, profile, metrics, backlog, new BufferMarks());
    }

    /**
     * As {@link #build(RadShiftConfig, Topics, ModelBundle, ReferenceProfile, RadShiftMetrics, Backlog)}, with the
     * {@code marks} in which the inference tasks tell how far their input has left the batch buffer (which the
     * running application's backlog reads).
     */
    public static Topology build(final RadShiftConfig config, final Topics topics, final ModelBundle bundle,
                                 final ReferenceProfile profile, final RadShiftMetrics metrics, final Backlog backlog,
                                 final BufferMarks marks) {
        profile.requireBundle(bundle.modelId(), bundle.contentHash());
        final Topology topology = new Topology();
        InferenceStage.addTo(topology, topics, config.model(), bundle, metrics, marks);
        MonitoringStage.addTo(topology, topics, config, profile, metrics, backlog);
        return topology;
    }
}
