package io.radshift.tools.bench;

import java.io.PrintStream;

/** What a long benchmark reports while it runs: a progress sink per long task, and one-line notes. */
public interface BenchListener {

    /** A progress sink for the task {@code name}, e.g. a progress bar. */
    AlertReplay.Progress task(String name);

    /** One line about what is happening. */
    void note(String line);

    /** A listener without progress bars that prints its notes to {@code out} (tests, logs). */
    static BenchListener notesTo(final PrintStream out) {
        return new BenchListener() {
            @Override
            public AlertReplay.Progress task(final String name) {
                return (done, total) -> { };
            }

            @Override
            public void note(final String line) {
                out.println(line);
            }
        };
    }
}
