package org.sigillo.cli;

import java.io.PrintStream;

import org.sigillo.engine.Progress;

/**
 * A one-line progress bar on the terminal's standard error ({@code [#####.....] 512/1000}),
 * redrawn in place. Only when standard output is a terminal and {@code --json} is off; otherwise
 * {@link #forTerminal} gives {@link Progress#NONE} so pipes and scripts see clean output.
 */
final class ProgressBar implements Progress {
    private static final int WIDTH = 40;
    private final PrintStream err;
    private final String label;
    private int lastFilled = -1;

    private ProgressBar(PrintStream err, String label) {
        this.err = err;
        this.label = label;
    }

    /** A bar when on a terminal without {@code --json}, else a listener that prints nothing. */
    static Progress forTerminal(boolean json, String label) {
        return !json && System.console() != null ? new ProgressBar(System.err, label) : Progress.NONE;
    }

    @Override
    public void advanced(int done, int total) {
        if (total <= 0) {
            return;
        }
        int filled = (int) ((long) done * WIDTH / total);
        if (filled == lastFilled && done != total) {
            return;
        }
        lastFilled = filled;
        err.print("\r" + label + " [" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + done + "/" + total);
        if (done >= total) {
            err.println();
        }
        err.flush();
    }
}
