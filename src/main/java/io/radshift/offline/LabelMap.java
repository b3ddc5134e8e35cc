package io.radshift.offline;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Maps the single-class labels of a manifest (e.g. Kermany's {@code normal} / {@code pneumonia}) onto the
 * multi-label vocabulary of a model bundle (e.g. CheXpert's {@code No Finding} / {@code Pneumonia}).
 *
 * <p>Rules, in order: an explicit entry {@code manifestLabel=Bundle Label} (from {@code --label-map}); else a
 * manifest label equal to a bundle label ignoring case; else the label is unmapped and its studies carry no
 * ground truth. The manifest classes are mutually exclusive, so a study of class {@code c} mapped to bundle
 * label {@code B} is known positive for {@code B} and known negative for every other mapped-to bundle label;
 * bundle labels no manifest class maps to stay unknown (a pneumonia image says nothing about a fracture).
 */
public final class LabelMap {

    /** Ground truth of one study in bundle label order. */
    public record Truth(boolean[] positives, boolean[] known) {
    }

    private final List<String> bundleLabels;
    private final Map<String, Integer> targets;
    private final List<String> unmapped;

    private LabelMap(final List<String> bundleLabels, final Map<String, Integer> targets, final List<String> unmapped) {
        this.bundleLabels = List.copyOf(bundleLabels);
        this.targets = Map.copyOf(targets);
        this.unmapped = List.copyOf(unmapped);
    }

    /**
     * Resolves the map for the labels present in the data.
     *
     * @param explicit manifest label to bundle label entries; every target must be a bundle label
     * @param manifestLabels distinct non-empty labels found in the data
     * @param bundleLabels the bundle's labels in score order
     * @throws IllegalArgumentException when an explicit target is not a bundle label
     */
    public static LabelMap resolve(final Map<String, String> explicit, final Collection<String> manifestLabels,
                                   final List<String> bundleLabels) {
        final Map<String, Integer> targets = new LinkedHashMap<>();
        explicit.forEach((from, to) -> {
            final int index = bundleLabels.indexOf(to);
            if (index < 0) {
                throw new IllegalArgumentException("--label-map target '" + to + "' is not a label of the bundle "
                    + "(labels: " + String.join(", ", bundleLabels) + ")");
            }
            targets.put(from, index);
        });
        final List<String> unmapped = new ArrayList<>();
        for (final String label : new TreeSet<>(manifestLabels)) {
            if (label.isEmpty() || targets.containsKey(label)) {
                continue;
            }
            final Optional<Integer> same = caseInsensitiveIndex(label, bundleLabels);
            if (same.isPresent()) {
                targets.put(label, same.get());
            } else {
                unmapped.add(label);
            }
        }
        return new LabelMap(bundleLabels, targets, unmapped);
    }

    private static Optional<Integer> caseInsensitiveIndex(final String label, final List<String> bundleLabels) {
        final String lower = label.toLowerCase(Locale.ROOT);
        for (int i = 0; i < bundleLabels.size(); i++) {
            if (bundleLabels.get(i).toLowerCase(Locale.ROOT).equals(lower)) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    /** The ground truth of a study with this manifest label; empty for an empty or unmapped label. */
    public Optional<Truth> truth(final String manifestLabel) {
        final Integer target = targets.get(manifestLabel);
        if (target == null) {
            return Optional.empty();
        }
        final boolean[] positives = new boolean[bundleLabels.size()];
        final boolean[] known = new boolean[bundleLabels.size()];
        targets.values().forEach(i -> known[i] = true);
        positives[target] = true;
        return Optional.of(new Truth(positives, known));
    }

    /** Manifest label to bundle label, for the summary. */
    public Map<String, String> mapping() {
        final Map<String, String> out = new LinkedHashMap<>();
        targets.forEach((from, index) -> out.put(from, bundleLabels.get(index)));
        return out;
    }

    /** Manifest labels that map to no bundle label (their studies carry no ground truth). */
    public List<String> unmapped() {
        return unmapped;
    }
}
