package io.radshift.tools.bench;

/** What a long benchmark reports while it runs: a progress sink per long task, and one-line notes. */
public interface BenchListener {

    /** A progress sink for the task {@code name}, e.g. a progress bar. */
    AlertReplay.Progress task(String name);

    /** One line about what is happening. */
    void note(String line);
}
