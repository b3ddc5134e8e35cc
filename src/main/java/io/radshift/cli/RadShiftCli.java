package io.radshift.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code radshift} command line. Sub-commands are added by later stages. */
@Command(name = "radshift", mixinStandardHelpOptions = true, version = "RadShift 0.1.0",
        description = "Streaming drift and over-confidence monitor for medical vision-language models.")
public final class RadShiftCli implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(final String[] args) {
        System.exit(new CommandLine(new RadShiftCli()).execute(args));
    }
}
