package io.radshift.tools.demo.model;

import java.util.List;

/** The 14 CheXpert observation labels (Irvin et al. 2019) in the order CheXpert publishes them alphabetically. */
public final class ChexpertLabels {

    /** "No Finding": positive exactly when no other finding is present. */
    public static final String NO_FINDING = "No Finding";

    /** All 14 labels. */
    public static final List<String> ALL = List.of("Atelectasis", "Cardiomegaly", "Consolidation", "Edema",
            "Enlarged Cardiomediastinum", "Fracture", "Lung Lesion", "Lung Opacity", NO_FINDING, "Pleural Effusion",
            "Pleural Other", "Pneumonia", "Pneumothorax", "Support Devices");

    private ChexpertLabels() {
    }
}
