package io.radshift.topology;

import io.radshift.topics.Topics;

import io.radshift.config.RadShiftConfig;
import io.radshift.inference.bundle.ModelBundle;
import io.radshift.topology.InferenceStage;
import io.radshift.ops.RadShiftMetrics;
import io.radshift.stats.profile.ReferenceProfile;
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
        profile.requireBundle(bundle.modelId(), bundle.contentHash());
        final Topology topology = new Topology();
        InferenceStage.addTo(topology, topics, config.model(), bundle, metrics);
        MonitoringStage.addTo(topology, topics, config, profile, metrics, backlog);
        return topology;
    }
}
