package io.radshift.cli;

import io.radshift.app.RadShiftApp;
import io.radshift.config.ConfigLoader;
import io.radshift.config.RadShiftConfig;
import io.radshift.inference.bundle.ModelBundle;
import io.radshift.stats.profile.ReferenceProfile;
import io.radshift.stats.profile.ReferenceProfileAvro;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code radshift run}: runs the pipeline against an external Kafka cluster and Schema Registry until stopped. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run RadShift against the Kafka cluster and Schema Registry of a deployment configuration.")
public final class RunCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--config", required = true, description = "Deployment configuration, e.g. topologies/production-example.yaml.")
    private Path configFile;

    @Override
    public Integer call() throws Exception {
        final PrintWriter out = spec.commandLine().getOut();
        final RadShiftConfig config = new ConfigLoader().load(configFile);
        ConfigLoader.requireFiles(config);
        final ModelBundle bundle = ModelBundle.load(config.model().bundle());
        final ReferenceProfile profile = ReferenceProfileAvro.read(config.reference().profile(), bundle.modelId(), bundle.contentHash());
        try (ShutdownSignal signal = new ShutdownSignal(); RadShiftApp app = RadShiftApp.start(config, bundle, profile)) {
            out.printf("RadShift running on %s (application %s); metrics at %s/metrics. Ctrl-C stops.%n",
                    config.kafka().bootstrapServers(), config.kafka().applicationId(), app.opsUrl());
            out.flush();
            signal.await(null);
        }
        return 0;
    }
}
