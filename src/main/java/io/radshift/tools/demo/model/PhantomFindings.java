package io.radshift.tools.demo.model;

import java.util.Random;
import java.util.Set;

/** Draws one simplified radiographic sign per CheXpert finding onto a phantom (positions jittered per seed). */
final class PhantomFindings {

    private PhantomFindings() {
    }

    static void draw(final PhantomGenerator.Canvas c, final PhantomGenerator.Anatomy a, final Set<String> findings, final Random r) {
        final double side = r.nextBoolean() ? a.leftCx() : a.rightCx();
        final double jitterX = 0.04 * r.nextGaussian();
        final double jitterY = 0.05 * r.nextGaussian();
        for (final String finding : findings) {
            switch (finding) {
                case "Atelectasis" -> c.fillEllipse(side, a.lungCy() + 0.18, a.lungRx() * 0.8, 0.045, 0.5);
                case "Consolidation" -> c.addBlob(side + jitterX, a.lungCy() + jitterY, 0.06, 0.4);
                case "Edema" -> {
                    c.addBlob(a.leftCx() + 0.06, a.lungCy(), 0.09, 0.16);
                    c.addBlob(a.rightCx() - 0.06, a.lungCy(), 0.09, 0.16);
                }
                case "Fracture" -> c.addBlob(side + 0.08, a.lungCy() - 0.1 + jitterY, 0.008, 0.45);
                case "Lung Lesion" -> c.fillEllipse(side + jitterX, a.lungCy() - 0.08 + jitterY, 0.022, 0.022, 0.62);
                case "Lung Opacity" -> c.addBlob(side - jitterX, a.lungCy() + 0.05, 0.09, 0.22);
                case "Pleural Effusion" -> c.fillEllipse(side, a.lungCy() + a.lungRy() * 0.9, a.lungRx() * 1.05, 0.09, 0.58);
                case "Pleural Other" -> c.addLine(side + Math.signum(side - 0.5) * a.lungRx() * 0.95, a.lungCy() - 0.15,
                        side + Math.signum(side - 0.5) * a.lungRx() * 0.95, a.lungCy() + 0.15, 0.012, 0.3);
                case "Pneumonia" -> {
                    for (int patch = 0; patch < 4; patch++) {
                        c.addBlob(side + 0.05 * r.nextGaussian(), a.lungCy() + 0.1 + 0.05 * r.nextGaussian(), 0.03, 0.22);
                    }
                }
                case "Pneumothorax" -> c.fillEllipse(side + Math.signum(side - 0.5) * a.lungRx() * 0.6, a.lungCy() - a.lungRy() * 0.6,
                        a.lungRx() * 0.45, a.lungRy() * 0.4, 0.06);
                case "Support Devices" -> {
                    c.addLine(0.49, 0.0, 0.52, a.lungCy() + 0.1, 0.006, 0.5);
                    c.fillEllipse(0.8, 0.18, 0.04, 0.025, 0.95);
                }
                default -> {
                    // Cardiomegaly and Enlarged Cardiomediastinum change the anatomy itself (Anatomy.sample);
                    // No Finding draws nothing.
                }
            }
        }
    }
}
