package io.radshift.topology;

import io.radshift.topics.Topics;

import io.radshift.config.RadShiftConfig;
import io.radshift.inference.bundle.ModelBundle;
import io.radshift.topology.InferenceStage;
import io.radshift.ops.RadShiftMetrics;
import io.radshift.stats.profile.ReferenceProfile;
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
        profile.requireBundle(bundle.modelId(), bundle.contentHash());
        final Topology topology = new Topology();
        InferenceStage.addTo(topology, topics, config.model(), bundle, metrics);
        MonitoringStage.addTo(topology, topics, config, profile, metrics);
        return topology;
    }
}
