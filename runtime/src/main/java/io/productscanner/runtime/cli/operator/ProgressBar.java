package io.productscanner.runtime.cli.operator;

import java.util.Locale;

/** {@code [##########----------]  50%}: a job's progress (0..1) as a bar of fixed width. */
final class ProgressBar {
    static final int WIDTH = 30;

    private ProgressBar() {}

    static String render(double progress) {
        double clamped = Double.isNaN(progress) ? 0 : Math.max(0, Math.min(1, progress));
        int filled = (int) Math.round(clamped * WIDTH);
        return "[" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "] "
                + String.format(Locale.ROOT, "%3d%%", Math.round(clamped * 100));
    }
}
