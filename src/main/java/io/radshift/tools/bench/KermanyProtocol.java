package io.radshift.tools.bench;

import io.radshift.data.Manifest;
import io.radshift.offline.StudyInput;
import io.radshift.offline.StudyInputs;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The real-data protocol of the validation test and the detection benchmark on {@code shared/data/cxr}: the
 * reference hospital is Kermany's (kermany/train); same-hospital data are kermany/val+test images of patients
 * with no image in kermany/train (the upstream split is per image, so many val/test patients also appear in
 * train and would make the null look too easy); other hospitals are hannover and ieee8023_other_sites.
 */
public final class KermanyProtocol {

    /** Manifest-to-bundle label map for CheXpert-labelled bundles (the demo bundle, BiomedCLIP). */
    public static final Map<String, String> LABEL_MAP = Map.of("pneumonia", "Pneumonia", "normal", "No Finding");
    /** Bundle label whose reference prevalence same-hospital windows follow. */
    public static final String STRATIFY_LABEL = "Pneumonia";
    /** Other hospitals. */
    public static final List<String> OTHER_SITES = List.of("hannover", "ieee8023_other_sites");

    private KermanyProtocol() {
    }

    /** Every kermany/train image. */
    public static List<StudyInput> reference(final Manifest manifest) {
        return select(manifest, List.of("source=kermany", "split=train"));
    }

    /** kermany val+test images of patients without any image in kermany/train. */
    public static List<StudyInput> unseenPatients(final Manifest manifest) {
        final Set<String> trainPatients = select(manifest, List.of("source=kermany", "split=train")).stream()
            .map(input -> input.patient().orElse(input.studyId())).collect(Collectors.toSet());
        return select(manifest, List.of("source=kermany", "split=val|test")).stream()
            .filter(input -> !trainPatients.contains(input.patient().orElse(input.studyId()))).toList();
    }

    /** Every image of one source. */
    public static List<StudyInput> site(final Manifest manifest, final String source) {
        return select(manifest, List.of("source=" + source));
    }

    private static List<StudyInput> select(final Manifest manifest, final List<String> where) {
        return StudyInputs.fromManifest(manifest, where, "label", List.of());
    }
}
