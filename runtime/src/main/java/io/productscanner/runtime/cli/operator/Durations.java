package io.productscanner.runtime.cli.operator;

/** Seconds as people read them in a table: {@code 45s}, {@code 15m30s}, {@code 2h05m}. */
final class Durations {
    private Durations() {}

    static String human(long seconds) {
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return seconds / 60 + "m" + String.format("%02ds", seconds % 60);
        }
        return seconds / 3600 + "h" + String.format("%02dm", seconds % 3600 / 60);
    }
}
