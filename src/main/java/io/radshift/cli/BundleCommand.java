package io.radshift.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code radshift bundle}: parent of the model-bundle commands. Without a sub-command it lists them. */
@Command(name = "bundle", mixinStandardHelpOptions = true, description = "Model bundle tools.",
        subcommands = {BundleDemoCommand.class})
public final class BundleCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
