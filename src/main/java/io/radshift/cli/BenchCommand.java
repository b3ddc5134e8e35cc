package io.radshift.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code radshift bench}: parent of the benchmark commands, which measure RadShift on real data and print
 * Markdown tables for BENCHMARKS.md. Without a sub-command it lists them.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks on real data; each prints a Markdown table for BENCHMARKS.md.",
        subcommands = {BenchInferenceCommand.class, BenchDecodeCommand.class, DetectionBenchCommand.class,
                AlertsBenchCommand.class, ChaosBenchCommand.class, TopologyBenchCommand.class, StateBenchCommand.class,
                E2eBenchCommand.class, GpuBenchCommand.class})
public final class BenchCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
