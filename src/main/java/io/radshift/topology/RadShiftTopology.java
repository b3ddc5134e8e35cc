package io.radshift.topology;

import io.radshift.config.RadShiftConfig;
import io.radshift.inference.bundle.ModelBundle;
import io.radshift.inference.stream.BufferMarks;
import io.radshift.ops.RadShiftMetrics;
import io.radshift.stats.profile.ReferenceProfile;
import io.radshift.topics.Topics;
import io.radshift.window.Backlog;
import org.apache.kafka.streams.Topology;

/**
 * Builds RadShift's Kafka Streams topologies from its configuration: the sites' (inference, then per-site
 * monitoring) and the all-sites view's, each run by a Kafka Streams client of its own.
 */
public final class RadShiftTopology {

    private RadShiftTopology() {
    }

    /**
     * The two topologies of one instance.
     *
     * @param sites    studies ─▶ inference ─▶ study-inferences ─▶ windows ─▶ detector ─▶ drift-windows, incidents ─▶
     *                 drift-alerts; site windows and incident statuses ─▶ the all-sites topic
     * @param allSites the all-sites topic ─▶ merge ─▶ detector ─▶ drift-windows, incidents of {@code *} ─▶ drift-alerts
     */
    public record Topologies(Topology sites, Topology allSites) {

        /** Both descriptions, each under a heading naming its client. */
        public String describe() {
            return "# Sites (application id)\n" + sites.describe() + "\n# All-sites view (application id + '"
                + StreamsSettings.ALL_SITES_SUFFIX + "')\n" + allSites.describe();
        }
    }

    /**
     * The topologies of a deployment fed by hand: no backlog holds a quiet site's idle rule back.
     *
     * @throws IllegalStateException when the profile was built for another model bundle
     */
    public static Topologies build(final RadShiftConfig config, final Topics topics, final ModelBundle bundle,
                                   final ReferenceProfile profile, final RadShiftMetrics metrics) {
        return build(config, topics, bundle, profile, metrics, Backlog.NONE, new BufferMarks());
    }

    /**
     * The topologies of a running instance: {@code backlog} holds the idle rule of quiet sites back while their input
     * waits, and the inference tasks tell in {@code marks} how far their input has left the batch buffer (which the
     * backlog reads).
     *
     * @throws IllegalStateException when the profile was built for another model bundle
     */
    public static Topologies build(final RadShiftConfig config, final Topics topics, final ModelBundle bundle,
                                   final ReferenceProfile profile, final RadShiftMetrics metrics, final Backlog backlog,
                                   final BufferMarks marks) {
        profile.requireBundle(bundle.modelId(), bundle.contentHash());
        final Topology sites = new Topology();
        InferenceStage.addTo(sites, topics, config.model(), bundle, metrics, marks);
        MonitoringStage.addSites(sites, topics, config, profile, metrics, backlog);
        return new Topologies(sites, MonitoringStage.allSitesView(topics, config, profile, metrics));
    }
}
