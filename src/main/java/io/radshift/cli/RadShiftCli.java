package io.radshift.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the {@code radshift} command line.
 *
 * <p>Every sub-command has {@code --help}. Errors from bad input (a missing file, an invalid configuration)
 * print one clear line and exit with code 2, not a stack trace.
 */
@Command(name = "radshift", mixinStandardHelpOptions = true, version = "RadShift 0.1.0",
        description = "Streaming drift and over-confidence monitor for medical vision-language models on radiology.",
        subcommands = {DemoCommand.class, RunCommand.class, BaselineCommand.class, AssessCommand.class, ExplainCommand.class,
                BundleCommand.class, BenchCommand.class, PublishCommand.class, ReportCommand.class, SandboxCommand.class,
                CommandLine.HelpCommand.class})
public final class RadShiftCli implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(final String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, also used by tests. */
    public static CommandLine commandLine() {
        return new CommandLine(new RadShiftCli())
                .setParameterExceptionHandler((e, args) -> {
                    final CommandLine cmd = e.getCommandLine();
                    final String name = cmd.getCommandSpec().qualifiedName();
                    cmd.getErr().println(cmd.getColorScheme().errorText(name + ": " + e.getMessage()
                        + " (see " + name + " --help)"));
                    return cmd.getCommandSpec().exitCodeOnInvalidInput();
                })
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println(cmd.getColorScheme().errorText(cmd.getCommandSpec().qualifiedName() + ": " + message(e)));
                    return 2;
                });
    }

    private static String message(final Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
