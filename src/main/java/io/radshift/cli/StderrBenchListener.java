package io.radshift.cli;

import io.radshift.tools.bench.AlertReplay;
import io.radshift.tools.bench.BenchListener;
import java.io.PrintWriter;

/** A benchmark's progress as the commands show it: a progress bar per task and its notes, both on stderr. */
final class StderrBenchListener implements BenchListener {

    private final PrintWriter err;

    StderrBenchListener(final PrintWriter err) {
        this.err = err;
    }

    @Override
    public AlertReplay.Progress task(final String name) {
        return ProgressBar.onStderr(name, err)::update;
    }

    @Override
    public void note(final String line) {
        err.println(line);
        err.flush();
    }
}
