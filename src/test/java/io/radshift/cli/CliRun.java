package io.radshift.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import picocli.CommandLine;

/**
 * One in-process run of the {@code radshift} command line, configured as {@code main} configures it, with what it
 * printed to standard output and standard error. Public for the tests of every package that run a command.
 */
public record CliRun(int exitCode, String out, String err) {

    /** Runs {@code radshift args...} and keeps its exit code and output. */
    public static CliRun of(final String... args) {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CommandLine cli = RadShiftCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        final int exitCode = cli.execute(args);
        return new CliRun(exitCode, out.toString(), err.toString());
    }

    /** Runs {@code radshift} with arguments a test put together in a list. */
    public static CliRun of(final List<String> args) {
        return of(args.toArray(String[]::new));
    }
}
