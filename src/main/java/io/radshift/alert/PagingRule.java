package io.radshift.alert;

import io.radshift.avro.AlertKind;
import java.util.List;
import java.util.Set;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * Decides, when an incident opens, whether it pages the on-call or is explained by other open incidents, and whether
 * an incident that nothing explains may open yet.
 */
public interface PagingRule {

    /** A site's incident always pages: nothing below a site explains it. */
    PagingRule ALWAYS = (windowKind, windowEnd, kinds) -> List.of();

    /** Connects the rule to the state stores of the processor that uses it. */
    default void init(final ProcessorContext<?, ?> context) {
    }

    /**
     * The incidents that explain an incident opening in window {@code windowEnd} of {@code windowKind} with
     * evidence of {@code kinds}; it pages when there are none.
     *
     * @return ids of the sites whose incidents explain it, sorted; empty when it pages
     */
    List<String> explainedBy(String windowKind, long windowEnd, Set<AlertKind> kinds);

    /**
     * Whether an incident that {@link #explainedBy} found unexplained may open now; when not, its opening is held
     * back (no event) and tried again at the next window.
     *
     * @param windowKind the window scheme
     * @param gate       the incident's gate after the current window, which met its k-of-m rule
     * @param fireWindow m in "k of the last m"
     */
    default boolean mayOpenUnexplained(final String windowKind, final AlertEpisode gate, final int fireWindow) {
        return true;
    }

    /** Called after every alerting window of the incident's site, in order of window end. */
    default void evaluated(final String windowKind, final long windowEnd) {
    }
}
